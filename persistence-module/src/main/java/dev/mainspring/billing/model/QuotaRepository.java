package dev.mainspring.billing.model;

import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans' limits as they bind an organization, its token counter, quota holds and request windows,
 * through the owner functions of V20 ({@code quota_admit}, {@code rate_admit}, ...). Runs in its
 * caller's transaction; reads of an organization's rows go through row-level security, so the
 * transaction must act for that organization.
 */
@ApplicationScoped
public class QuotaRepository {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /** The limits of the organization's plan, when it has a subscription. */
  public Optional<PlanLimits> limits(UUID orgId) {
    List<?> rows =
        em.createNativeQuery(
                "select p.monthly_token_quota, p.max_parallel_runs, p.requests_per_minute"
                    + " from billing_subscriptions s join billing_plans p on p.id = s.plan_id"
                    + " where s.org_id = cast(?1 as uuid)")
            .setParameter(1, orgId.toString())
            .getResultList();
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new PlanLimits(
                    Rows.nullableNumber(r[0]), Rows.nullableInt(r[1]), Rows.nullableInt(r[2])))
        .findFirst();
  }

  /**
   * Admits a call to the organization's quota of {@code quota} tokens and holds at most {@code
   * estimate} of what is left for {@code holdId}, or refuses it (nothing held) when nothing is
   * left.
   */
  public QuotaAdmission admit(UUID holdId, UUID orgId, long quota, long estimate, int ttlSeconds) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select admitted, used, held, period_end from quota_admit(cast(?1 as uuid),"
                        + " cast(?2 as uuid), ?3, ?4, ?5)")
                .setParameter(1, holdId.toString())
                .setParameter(2, orgId.toString())
                .setParameter(3, quota)
                .setParameter(4, estimate)
                .setParameter(5, ttlSeconds)
                .getSingleResult();
    return new QuotaAdmission(
        Boolean.TRUE.equals(row[0]),
        Rows.number(row[1]),
        Rows.number(row[2]),
        Rows.instant(row[3]));
  }

  /** Releases the quota hold of a call that did not happen. */
  public void release(UUID holdId) {
    em.createNativeQuery("select quota_release(cast(?1 as uuid))")
        .setParameter(1, holdId.toString())
        .getSingleResult();
  }

  /**
   * The organization's counter (made for its current period if it had none) and its open holds,
   * read without a lock. Under row-level security.
   */
  public QuotaAdmission usage(UUID orgId) {
    QuotaCounter counter = counter(orgId);
    return new QuotaAdmission(
        true, counter.tokensUsed(), counter.tokensHeld(), counter.periodEnd());
  }

  /**
   * The organization's counter with its period (made for its current period if it had none) and its
   * open holds, read without a lock. Under row-level security.
   */
  public QuotaCounter counter(UUID orgId) {
    em.createNativeQuery("select quota_counter(cast(?1 as uuid))")
        .setParameter(1, orgId.toString())
        .getSingleResult();
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select q.tokens_used, (select coalesce(sum(h.tokens), 0) from"
                        + " billing_quota_holds h where h.org_id = q.org_id and h.expires_at >"
                        + " now()), q.period_start, q.period_end from billing_quota_usage q"
                        + " where q.org_id = cast(?1 as uuid)")
                .setParameter(1, orgId.toString())
                .getSingleResult();
    return new QuotaCounter(
        Rows.instant(row[2]), Rows.instant(row[3]), Rows.number(row[0]), Rows.number(row[1]));
  }

  /** Starts a new period for the organization's counter, at zero tokens. */
  public void startPeriod(UUID orgId, Instant start, Instant end) {
    em.createNativeQuery(
            "select quota_start_period(cast(?1 as uuid), cast(?2 as timestamptz),"
                + " cast(?3 as timestamptz))")
        .setParameter(1, orgId.toString())
        .setParameter(2, start.toString())
        .setParameter(3, end.toString())
        .getSingleResult();
  }

  /**
   * Counts one request of the organization in the window starting at {@code window} when fewer than
   * {@code limit} were counted there.
   */
  public RateCount countRequest(UUID orgId, Instant window, int limit) {
    Object[] row =
        (Object[])
            em.createNativeQuery(
                    "select requests, window_start from rate_admit(cast(?1 as uuid),"
                        + " cast(?2 as timestamptz), ?3)")
                .setParameter(1, orgId.toString())
                .setParameter(2, window.toString())
                .setParameter(3, limit)
                .getSingleResult();
    return new RateCount(Rows.nullableInt(row[0]), Rows.instant(row[1]));
  }

  /**
   * The upper end of the next range of at most {@code size} counters after {@code after} (null:
   * from the first), in organization id order; empty when none is left. Across organizations.
   */
  public Optional<UUID> rangeEnd(UUID after, int size) {
    return Optional.ofNullable(
        Rows.uuid(
            em.createNativeQuery("select quota_range_end(cast(?1 as uuid), ?2)")
                .setParameter(1, Rows.param(after))
                .setParameter(2, size)
                .getSingleResult()));
  }

  /**
   * Resets, in one statement, the counters of (after, upTo] whose period ended by {@code boundary};
   * answers how many.
   */
  public long resetRange(UUID after, UUID upTo, Instant boundary) {
    return Rows.number(
        em.createNativeQuery(
                "select quota_reset_range(cast(?1 as uuid), cast(?2 as uuid),"
                    + " cast(?3 as timestamptz))")
            .setParameter(1, Rows.param(after))
            .setParameter(2, upTo.toString())
            .setParameter(3, boundary.toString())
            .getSingleResult());
  }

  /**
   * Resets one organization's counter now, its period ended or not; answers 1, or 0 without one.
   */
  public long resetOrganization(UUID orgId, Instant boundary) {
    return Rows.number(
        em.createNativeQuery("select quota_reset_org(cast(?1 as uuid), cast(?2 as timestamptz))")
            .setParameter(1, orgId.toString())
            .setParameter(2, boundary.toString())
            .getSingleResult());
  }

  /** Whether any counter's period has ended. */
  public boolean anyDue() {
    return Boolean.TRUE.equals(em.createNativeQuery("select quota_due()").getSingleResult());
  }

  /**
   * Counters in organization id order after {@code after}, at most {@code limit}, only {@code
   * orgId}'s when given. Across organizations (an owner function).
   */
  public List<QuotaStatusRow> status(UUID after, int limit, UUID orgId) {
    return ((List<?>)
            em.createNativeQuery(
                    "select org_id, org_name, plan_slug, monthly_token_quota, tokens_used,"
                        + " tokens_held, period_start, period_end, reset_at from"
                        + " quota_status(cast(?1 as uuid), ?2, cast(?3 as uuid))")
                .setParameter(1, Rows.param(after))
                .setParameter(2, limit)
                .setParameter(3, Rows.param(orgId))
                .getResultList())
        .stream()
            .map(Object[].class::cast)
            .map(
                r ->
                    new QuotaStatusRow(
                        Rows.uuid(r[0]),
                        Rows.text(r[1]),
                        Rows.text(r[2]),
                        Rows.nullableNumber(r[3]),
                        Rows.number(r[4]),
                        Rows.number(r[5]),
                        Rows.instant(r[6]),
                        Rows.instant(r[7]),
                        Rows.instant(r[8])))
            .toList();
  }
}
