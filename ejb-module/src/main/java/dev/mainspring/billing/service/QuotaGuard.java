package dev.mainspring.billing.service;

import dev.mainspring.billing.model.PlanLimits;
import dev.mainspring.billing.model.QuotaAdmission;
import dev.mainspring.billing.model.RateCount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The limits of an organization's plan, where the gateway and the run engine meet them:
 *
 * <ul>
 *   <li>the monthly token quota: a gateway call {@link #hold}s the tokens it may use (at most what
 *       is left, and at least one) until its usage record is posted, which counts its real tokens;
 *       a call or run start when nothing is left is refused 429 {@code quota_exceeded};
 *   <li>the request rate: {@link #countRequest} counts a gateway call or run start in the
 *       organization's window of a minute, kept in PostgreSQL, or refuses it 429 {@code
 *       rate_limited};
 *   <li>the parallel-run cap: {@link #maxActiveRuns}.
 * </ul>
 *
 * <pre>{@code
 * boolean held = quotas.hold(record.getId(), org, () -> promptTokens, maxTokens);
 * try { go(); } catch (RuntimeException refused) { if (held) quotas.release(record.getId()); throw refused; }
 * }</pre>
 *
 * A plan's limits are remembered a few seconds per organization ({@code
 * mainspring.billing.enforcement-cache-seconds}), so an organization without limits costs no
 * transaction; a subscription change forgets them on this instance at once. No lock or transaction
 * outlives a method here.
 */
@ApplicationScoped
public class QuotaGuard {

  private record Remembered(PlanLimits limits, long until) {}

  private final Map<UUID, Remembered> remembered = new ConcurrentHashMap<>();

  @Inject QuotaLedger ledger;
  @Inject BillingSettings settings;

  /** The limits of the organization's plan (none without a subscription). */
  public PlanLimits limits(UUID orgId) {
    long now = System.nanoTime();
    Remembered known = remembered.get(orgId);
    if (known != null && now - known.until() < 0) {
      return known.limits();
    }
    PlanLimits limits = ledger.limits(orgId);
    remembered.put(
        orgId, new Remembered(limits, now + settings.enforcementCacheSeconds() * 1_000_000_000L));
    return limits;
  }

  /**
   * Holds the tokens a call may use against the organization's quota (its prompt and at most {@code
   * maxCompletionTokens}, null for the configured default), for {@code holdId} (the id of the usage
   * record the call will write); answers whether anything was held (nothing without a quota).
   * {@code promptTokens} is counted only when there is a quota.
   *
   * @throws QuotaExceededException when the quota is used up
   */
  public boolean hold(
      UUID holdId, UUID orgId, LongSupplier promptTokens, Long maxCompletionTokens) {
    Long quota = limits(orgId).monthlyTokenQuota();
    if (quota == null) {
      return false;
    }
    long completion =
        maxCompletionTokens == null ? settings.defaultMaxTokens() : maxCompletionTokens;
    ledger.hold(holdId, orgId, quota, Math.max(1, promptTokens.getAsLong() + completion));
    return true;
  }

  /** Releases the quota hold of a call that did not happen. */
  public void release(UUID holdId) {
    ledger.release(holdId);
  }

  /**
   * Refuses a run start of an organization whose quota is used up (429 {@code quota_exceeded});
   * holds nothing: the run's model calls hold their own tokens. Joins the caller's transaction.
   */
  public void requireQuotaLeft(UUID orgId) {
    Long quota = limits(orgId).monthlyTokenQuota();
    if (quota == null) {
      return;
    }
    QuotaAdmission usage = ledger.usage(orgId);
    if (usage.used() + usage.held() >= quota) {
      throw new QuotaExceededException(quota, usage.periodEnd());
    }
  }

  /**
   * Counts a gateway call or run start of the organization in its window; empty when its plan sets
   * no rate.
   *
   * @throws RateLimitedException when the window is full (the request was not counted)
   */
  public Optional<RateLimitStatus> countRequest(UUID orgId) {
    Integer limit = limits(orgId).requestsPerMinute();
    if (limit == null) {
      return Optional.empty();
    }
    Instant now = Instant.now();
    RateCount count = ledger.countRequest(orgId, now, limit);
    RateLimitStatus status = RateLimitStatus.of(limit, count.requests(), count.windowStart(), now);
    if (count.requests() == null) {
      throw new RateLimitedException(status);
    }
    return Optional.of(status);
  }

  /** The organization's cap on active runs: its plan's, else {@code installationDefault}. */
  public int maxActiveRuns(UUID orgId, int installationDefault) {
    Integer cap = limits(orgId).maxParallelRuns();
    return cap == null ? installationDefault : cap;
  }

  /** Forgets what is remembered of the organization, after its subscription changed. */
  public void forget(UUID orgId) {
    remembered.remove(orgId);
  }
}
