package dev.mainspring.billing.model;

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
          + " updated_at, version";

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
                    Rows.number(r[8])))
        .findFirst();
  }

  /**
   * Puts the organization on {@code planId} with the given period and status: a new subscription,
   * or the organization's one changed (one statement, so two at once cannot both insert).
   */
  public Subscription save(
      UUID newId, UUID orgId, UUID planId, String status, Instant start, Instant end, Instant now) {
    em.createNativeQuery(
            "insert into billing_subscriptions ("
                + COLUMNS
                + ") values (cast(?1 as uuid), cast(?2 as uuid), cast(?3 as uuid), ?4,"
                + " cast(?5 as timestamptz), cast(?6 as timestamptz), cast(?7 as timestamptz),"
                + " cast(?7 as timestamptz), 0)"
                + " on conflict (org_id) do update set plan_id = excluded.plan_id,"
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
        .executeUpdate();
    return findByOrg(orgId).orElseThrow();
  }
}
