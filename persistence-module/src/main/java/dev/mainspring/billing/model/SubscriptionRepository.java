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
 * Subscriptions, one per organization, under row-level security: the transaction must act for the
 * organization.
 */
@ApplicationScoped
public class SubscriptionRepository {

  private static final String COLUMNS =
      "id, org_id, plan_id, status, current_period_start, current_period_end, created_at,"
          + " updated_at, version, provider";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  public Optional<Subscription> findByOrg(UUID orgId) {
    List<?> rows =
        em.createNativeQuery(
                "select " + COLUMNS + " from billing_subscriptions where org_id = cast(?1 as uuid)")
            .setParameter(1, orgId.toString())
            .getResultList();
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new Subscription(
                    Rows.uuid(r[0]),
                    Rows.uuid(r[1]),
                    Rows.uuid(r[2]),
                    Rows.text(r[3]),
                    Rows.instant(r[4]),
                    Rows.instant(r[5]),
                    Rows.instant(r[6]),
                    Rows.instant(r[7]),
                    Rows.number(r[8]),
                    Rows.text(r[9])))
        .findFirst();
  }

  /**
   * Puts the organization on {@code planId} with the given period and status: a new subscription,
   * or the organization's one changed (one statement, so two at once cannot both insert). {@code
   * provider}: the payment provider that renews it, or null when it renews itself at its period's
   * end (an operator's).
   */
  public Subscription save(
      UUID newId,
      UUID orgId,
      UUID planId,
      String status,
      Instant start,
      Instant end,
      Instant now,
      String provider) {
    em.createNativeQuery(
            "insert into billing_subscriptions ("
                + COLUMNS
                + ") values (cast(?1 as uuid), cast(?2 as uuid), cast(?3 as uuid), ?4,"
                + " cast(?5 as timestamptz), cast(?6 as timestamptz), cast(?7 as timestamptz),"
                + " cast(?7 as timestamptz), 0, ?8)"
                + " on conflict (org_id) do update set plan_id = excluded.plan_id,"
                + " provider = excluded.provider,"
                + " status = excluded.status,"
                + " current_period_start = excluded.current_period_start,"
                + " current_period_end = excluded.current_period_end,"
                + " updated_at = excluded.updated_at,"
                + " version = billing_subscriptions.version + 1")
        .setParameter(1, newId.toString())
        .setParameter(2, orgId.toString())
        .setParameter(3, planId.toString())
        .setParameter(4, status)
        .setParameter(5, start.toString())
        .setParameter(6, end.toString())
        .setParameter(7, now.toString())
        .setParameter(8, provider)
        .executeUpdate();
    return findByOrg(orgId).orElseThrow();
  }

  /**
   * Applies a provider's status, and its period when given, to the organization's subscription,
   * unless an event created at or after {@code eventAt} was applied to it before. One conditional
   * statement, so two events racing cannot both win out of order. False when nothing changed (no
   * subscription, or an event not newer than the last applied).
   */
  public boolean applyStatus(
      UUID orgId, String status, Instant start, Instant end, Instant eventAt, Instant now) {
    return em.createNativeQuery(
                "update billing_subscriptions set status = ?2,"
                    + " current_period_start = coalesce(cast(?3 as timestamptz),"
                    + " current_period_start),"
                    + " current_period_end = coalesce(cast(?4 as timestamptz), current_period_end),"
                    + " status_event_at = cast(?5 as timestamptz),"
                    + " updated_at = cast(?6 as timestamptz), version = version + 1"
                    + " where org_id = cast(?1 as uuid)"
                    + " and (status_event_at is null or status_event_at < cast(?5 as timestamptz))")
            .setParameter(1, orgId.toString())
            .setParameter(2, status)
            .setParameter(3, start == null ? null : start.toString())
            .setParameter(4, end == null ? null : end.toString())
            .setParameter(5, eventAt.toString())
            .setParameter(6, now.toString())
            .executeUpdate()
        > 0;
  }

  /**
   * Notes that an event created at {@code eventAt} was applied to the organization's subscription
   * (a checkout, a renewal, a cancellation): a status event created before it changes nothing
   * later.
   */
  public void eventApplied(UUID orgId, Instant eventAt) {
    em.createNativeQuery(
            "update billing_subscriptions set status_event_at ="
                + " greatest(status_event_at, cast(?2 as timestamptz))"
                + " where org_id = cast(?1 as uuid)")
        .setParameter(1, orgId.toString())
        .setParameter(2, eventAt.toString())
        .executeUpdate();
  }

  /**
   * Renews the active subscriptions without a provider whose period ended by {@code boundary}: the
   * organization's ({@code orgId} given) or those of the organizations in ({@code after}, {@code
   * upTo}]. Each moves to the period running at the boundary with its plan's monthly credits
   * granted once for it (V34). Across organizations (an owner function).
   */
  public List<Renewed> renewDue(UUID after, UUID upTo, UUID orgId, Instant boundary) {
    return ((List<?>)
            em.createNativeQuery(
                    "select org_id, subscription_id, plan_id, period_start, period_end, credits"
                        + " from subscription_renew_due(cast(?1 as uuid), cast(?2 as uuid),"
                        + " cast(?3 as uuid), cast(?4 as timestamptz))")
                .setParameter(1, Rows.param(after))
                .setParameter(2, Rows.param(upTo))
                .setParameter(3, Rows.param(orgId))
                .setParameter(4, boundary.toString())
                .getResultList())
        .stream()
            .map(Object[].class::cast)
            .map(
                r ->
                    new Renewed(
                        Rows.uuid(r[0]),
                        Rows.uuid(r[1]),
                        Rows.uuid(r[2]),
                        Rows.instant(r[3]),
                        Rows.instant(r[4]),
                        Rows.number(r[5])))
            .toList();
  }

  /** A subscription renewed by {@link #renewDue}, and the credits granted with it (0: none). */
  public record Renewed(
      UUID orgId,
      UUID subscriptionId,
      UUID planId,
      Instant periodStart,
      Instant periodEnd,
      long credits) {}
}
