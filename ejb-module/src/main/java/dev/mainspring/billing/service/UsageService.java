package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ModelUsage;
import dev.mainspring.billing.model.PlanLimits;
import dev.mainspring.billing.model.QuotaCounter;
import dev.mainspring.billing.model.QuotaRepository;
import dev.mainspring.billing.model.UsageRepository;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Document B's usage and limits of the caller's organization ({@code GET /api/usage}, {@code GET
 * /api/limits}). Any member may read them; an API key needs {@code billing:read}, as the other
 * billing reads. The counter and plan limits are the ones the gateway enforces ({@link
 * QuotaRepository}), read fresh, not from {@link QuotaGuard}'s few-second memory.
 */
@Stateless
@TenantScoped
public class UsageService {

  /** The longest range {@code from..to} a usage read may sum, in days. */
  static final int MAX_DAYS = 366;

  @Inject CurrentCaller currentCaller;
  @Inject QuotaRepository quotas;
  @Inject UsageRepository usage;
  @Inject BillingViews views;

  /**
   * The organization's usage from day {@code from} to day {@code to} (ISO dates, UTC, both
   * inclusive; {@code to} defaults to today), or of its current quota period when neither is given.
   *
   * @throws InvalidRequestException 400 {@code invalid_date} or {@code invalid_range}
   */
  public UsageView usage(String from, String to) {
    UUID org = currentCaller.require(BillingService.READ).requireOrg();
    QuotaCounter counter = quotas.counter(org);
    Instant start;
    Instant end;
    if (blank(from) && blank(to)) {
      start = counter.periodStart();
      end = counter.periodEnd();
    } else if (blank(from)) {
      throw new InvalidRequestException("invalid_range", "from is required with to");
    } else {
      LocalDate first = day("from", from);
      LocalDate last = blank(to) ? LocalDate.now(ZoneOffset.UTC) : day("to", to);
      if (last.isBefore(first)) {
        throw new InvalidRequestException("invalid_range", "to must not be before from");
      }
      if (Duration.between(first.atStartOfDay(), last.atStartOfDay()).toDays() >= MAX_DAYS) {
        throw new InvalidRequestException(
            "invalid_range", "from..to may span at most " + MAX_DAYS + " days");
      }
      start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
      end = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    List<ModelUsage> models = usage.byModel(org, start, end);
    long requests = models.stream().mapToLong(ModelUsage::requests).sum();
    long prompt = models.stream().mapToLong(ModelUsage::promptTokens).sum();
    long completion = models.stream().mapToLong(ModelUsage::completionTokens).sum();
    long cached = models.stream().mapToLong(ModelUsage::cachedTokens).sum();
    long credits = models.stream().mapToLong(ModelUsage::creditsSpent).sum();
    return new UsageView(
        org,
        counter.periodStart(),
        counter.periodEnd(),
        start,
        end,
        requests,
        prompt,
        completion,
        cached,
        prompt + completion,
        credits,
        models.stream().map(UsageView.Model::of).toList());
  }

  /** The organization's plan limits and what is used of each now. */
  public LimitsView limits() {
    UUID org = currentCaller.require(BillingService.READ).requireOrg();
    PlanLimits limits = quotas.limits(org).orElse(PlanLimits.NONE);
    QuotaCounter counter = quotas.counter(org);
    Long quota = limits.monthlyTokenQuota();
    SubscriptionView subscription = views.subscriptionOf(org);
    return new LimitsView(
        org,
        subscription.plan() == null ? null : subscription.plan().slug(),
        new LimitsView.TokenQuota(
            quota,
            counter.tokensUsed(),
            counter.tokensHeld(),
            quota == null ? null : Math.max(0, quota - counter.tokensUsed() - counter.tokensHeld()),
            counter.periodStart(),
            counter.periodEnd()),
        new LimitsView.Limit(
            limits.maxParallelRuns() == null ? null : limits.maxParallelRuns().longValue(),
            usage.activeRuns(org)),
        new LimitsView.Limit(
            limits.requestsPerMinute() == null ? null : limits.requestsPerMinute().longValue(),
            usage.requestsInWindow(org, RateLimitStatus.windowStart(Instant.now()))));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static LocalDate day(String name, String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "invalid_date", name + " must be a day as YYYY-MM-DD, got " + value);
    }
  }
}
