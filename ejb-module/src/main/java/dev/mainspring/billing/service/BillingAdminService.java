package dev.mainspring.billing.service;

import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.ModelPrice;
import dev.mainspring.billing.model.Plan;
import dev.mainspring.billing.model.PlanRepository;
import dev.mainspring.billing.model.PriceRepository;
import dev.mainspring.billing.model.QuotaRepository;
import dev.mainspring.billing.model.Subscription;
import dev.mainspring.billing.model.SubscriptionRepository;
import dev.mainspring.identity.model.OrganizationRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.Ids;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The operator's side of billing, superadmins only: model prices, plans, an organization's
 * subscription and credit grants (how a self-hosted operator tops an organization up). Not tenant
 * scoped: it names the organization it acts for itself.
 */
@Stateless
public class BillingAdminService {

  static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
  static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
  static final int DRIFT_LIMIT = 100;

  @Inject CurrentCaller currentCaller;
  @Inject PriceRepository prices;
  @Inject PlanRepository plans;
  @Inject SubscriptionRepository subscriptions;
  @Inject LedgerRepository ledger;
  @Inject OrganizationRepository organizations;
  @Inject TenantSessions sessions;
  @Inject CreditGuard guard;
  @Inject QuotaGuard quotaGuard;
  @Inject QuotaRepository quotas;
  @Inject BillingViews views;
  @Inject BillingChanges changes;

  /** Adds a version of a model's price; 409 {@code price_exists} for a taken effective time. */
  public PriceView setPrice(PriceRequest request) {
    Caller caller = Superadmins.require(currentCaller.get());
    String model = request.model() == null ? "" : request.model().trim();
    if (model.isEmpty() || model.length() > 200) {
      throw new InvalidRequestException("invalid_model", "model must be 1 to 200 characters");
    }
    Instant now = Instant.now();
    ModelPrice price =
        new ModelPrice(
            Ids.newId(),
            model,
            amount("prompt_per_million", request.promptPerMillion()),
            amount("completion_per_million", request.completionPerMillion()),
            request.cachedPerMillion() == null
                ? null // cached prompt tokens cost what other prompt tokens cost
                : amount("cached_per_million", request.cachedPerMillion()),
            request.effectiveFrom() == null ? now : request.effectiveFrom(),
            caller.userId(),
            now);
    prices.add(price);
    guard.forgetPrices(); // other instances read it within mainspring.billing.price-cache-seconds
    return PriceView.of(price);
  }

  /** Every price version, or one model's. */
  public List<PriceView> prices(String model) {
    Superadmins.require(currentCaller.get());
    return (model == null || model.isBlank() ? prices.all() : prices.ofModel(model))
        .stream().map(PriceView::of).toList();
  }

  /** Adds a plan; 409 {@code plan_slug_taken} when its slug is in use. */
  public PlanView createPlan(PlanRequest request) {
    Superadmins.require(currentCaller.get());
    if (request.slug() == null || !SLUG.matcher(request.slug()).matches()) {
      throw new InvalidRequestException(
          "invalid_slug", "slug must be 1 to 64 lowercase letters, digits and dashes");
    }
    String name = request.name() == null ? "" : request.name().trim();
    if (name.isEmpty() || name.length() > 200) {
      throw new InvalidRequestException("invalid_name", "name must be 1 to 200 characters");
    }
    String currency =
        request.currency() == null ? "usd" : request.currency().toLowerCase(Locale.ROOT);
    if (!CURRENCY.matcher(currency).matches()) {
      throw new InvalidRequestException(
          "invalid_currency", "currency must be a three-letter ISO 4217 code");
    }
    Instant now = Instant.now();
    Plan plan =
        new Plan(
            Ids.newId(),
            request.slug(),
            name,
            amount("monthly_credits", request.monthlyCredits()),
            amount("price_cents", request.priceCents()),
            currency,
            request.active() == null || request.active(),
            now,
            now,
            0,
            limit("monthly_token_quota", request.monthlyTokenQuota(), 0),
            limit("max_parallel_runs", request.maxParallelRuns(), 1),
            limit("requests_per_minute", request.requestsPerMinute(), 1),
            amount("member_credits", request.memberCredits()));
    plans.add(plan);
    return PlanView.of(plan);
  }

  /** Every plan, inactive ones too. */
  public List<PlanView> allPlans() {
    Superadmins.require(currentCaller.get());
    return plans.list(false).stream().map(PlanView::of).toList();
  }

  /**
   * Puts the organization on a plan from now for a month and grants the plan's monthly credits for
   * that period (once per period: the grant's key names the subscription and period start).
   */
  public SubscriptionView subscribe(UUID orgId, SubscriptionRequest request) {
    Caller caller = Superadmins.require(currentCaller.get());
    requireOrganization(orgId);
    if (request.plan() == null || request.plan().isBlank()) {
      throw new InvalidRequestException("invalid_plan", "name the plan by its slug");
    }
    String status = request.status() == null ? "active" : request.status();
    if (!status.equals("active") && !status.equals("canceled")) {
      throw new InvalidRequestException("invalid_status", "status must be active or canceled");
    }
    Plan plan = plans.getBySlug(request.plan());
    sessions.actFor(orgId);
    UUID planBefore = subscriptions.findByOrg(orgId).map(Subscription::planId).orElse(null);
    Instant start = Instant.now();
    Instant end = start.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
    Subscription saved =
        subscriptions.save(Ids.newId(), orgId, plan.id(), status, start, end, start, null);
    quotas.startPeriod(orgId, saved.currentPeriodStart(), saved.currentPeriodEnd());
    changes.subscriptionChanged(
        orgId,
        saved.id(),
        plan,
        saved.status(),
        saved.currentPeriodStart(),
        saved.currentPeriodEnd());
    if (!plan.id().equals(planBefore)) {
      changes.limitsChanged(orgId, plan);
    }
    if ("active".equals(status)
        && plan.monthlyCredits() > 0
        && ledger.grant(
            Ids.newId(),
            orgId,
            "plan:" + saved.id() + ":" + saved.currentPeriodStart(),
            "plan_credits",
            false,
            plan.monthlyCredits(),
            "monthly credits of plan " + plan.slug(),
            caller.userId())) {
      changes.creditsChanged(orgId, "plan_credits", plan.monthlyCredits(), false);
    }
    guard.forget(orgId);
    quotaGuard.forget(orgId);
    return views.subscriptionOf(orgId);
  }

  /** Grants credits to the organization, once per idempotency key. */
  public GrantView grant(UUID orgId, GrantRequest request) {
    Caller caller = Superadmins.require(currentCaller.get());
    requireOrganization(orgId);
    if (request.amount() == null || request.amount() <= 0) {
      throw new InvalidRequestException(
          "invalid_amount", "amount must be a positive number of micro-credits");
    }
    String key =
        request.idempotencyKey() == null ? Ids.newId().toString() : request.idempotencyKey();
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw new InvalidRequestException(
          "invalid_idempotency_key",
          "idempotency_key must be 1 to 100 letters, digits, dots, colons, dashes or underscores");
    }
    String description = request.description();
    if (description != null && description.length() > 500) {
      throw new InvalidRequestException(
          "invalid_description", "description must be at most 500 characters");
    }
    sessions.actFor(orgId);
    boolean granted =
        ledger.grant(
            Ids.newId(),
            orgId,
            "grant:" + orgId + ":" + key,
            "grant",
            Boolean.TRUE.equals(request.promotional()),
            request.amount(),
            description,
            caller.userId());
    if (granted) {
      changes.creditsChanged(
          orgId, "grant", request.amount(), Boolean.TRUE.equals(request.promotional()));
    }
    return new GrantView(key, granted, views.statusOf(orgId, null));
  }

  /**
   * Checks every organization account's cached balance against the sum of its entries; reports,
   * repairs nothing.
   */
  public ReconciliationView reconcile() {
    Superadmins.require(currentCaller.get());
    List<DriftView> drift = ledger.drift(DRIFT_LIMIT).stream().map(DriftView::of).toList();
    return new ReconciliationView(Instant.now(), drift.isEmpty(), drift);
  }

  private void requireOrganization(UUID orgId) {
    if (organizations.find(orgId).isEmpty()) {
      throw NotFoundException.of("organization", orgId);
    }
  }

  /** A plan's limit: null for none, else at least {@code least}. */
  private static <N extends Number> N limit(String name, N value, long least) {
    if (value != null && value.longValue() < least) {
      throw new InvalidRequestException(
          "invalid_limit", name + " must be at least " + least + ", or left out for none");
    }
    return value;
  }

  private static long amount(String name, Long value) {
    if (value == null) {
      return 0;
    }
    if (value < 0) {
      throw new InvalidRequestException("invalid_amount", name + " must not be negative");
    }
    return value;
  }
}
