package dev.mainspring.billing.service;

import dev.mainspring.billing.model.PlanLimits;
import dev.mainspring.billing.model.QuotaAdmission;
import dev.mainspring.billing.model.QuotaRepository;
import dev.mainspring.billing.model.RateCount;
import dev.mainspring.identity.service.TenantSessions;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/**
 * The transactions of {@link QuotaGuard}: a quota hold and a request count each commit on their own
 * before the call goes on, so nothing is held open while it runs. Reads join the caller's
 * transaction when there is one (a run's start asks before queueing), so they take no second
 * connection.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class QuotaLedger {

  @Inject QuotaRepository quotas;
  @Inject TenantSessions sessions;
  @Inject BillingSettings settings;

  /** The limits of the organization's plan; none without a subscription. */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public PlanLimits limits(UUID orgId) {
    sessions.actFor(orgId);
    return quotas.limits(orgId).orElse(PlanLimits.NONE);
  }

  /** The organization's counter for its current period, with the tokens calls in flight hold. */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public QuotaAdmission usage(UUID orgId) {
    sessions.actFor(orgId);
    return quotas.usage(orgId);
  }

  /**
   * Holds up to {@code estimate} tokens of the organization's {@code quota} for {@code holdId}; 429
   * {@code quota_exceeded} when none are left.
   */
  public void hold(UUID holdId, UUID orgId, long quota, long estimate) {
    sessions.actFor(orgId);
    QuotaAdmission admission =
        quotas.admit(holdId, orgId, quota, estimate, settings.reservationTtlSeconds());
    if (!admission.admitted()) {
      throw new QuotaExceededException(quota, admission.periodEnd());
    }
  }

  /** Releases the quota hold of a call that did not happen. */
  public void release(UUID holdId) {
    quotas.release(holdId);
  }

  /**
   * Counts one request of the organization in the window {@code now} is in, up to {@code limit}.
   */
  public RateCount countRequest(UUID orgId, Instant now, int limit) {
    sessions.actFor(orgId);
    return quotas.countRequest(orgId, RateLimitStatus.windowStart(now), limit);
  }
}
