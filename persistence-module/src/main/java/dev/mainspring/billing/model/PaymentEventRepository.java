package dev.mainspring.billing.model;

import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;

/** Payment providers' webhook events seen, by provider and event id (V14). */
@ApplicationScoped
public class PaymentEventRepository {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /**
   * Records the event in the current transaction; false when it was recorded before (a redelivery),
   * and then nothing is written. Two deliveries racing: the second waits on the first's row and,
   * once it commits, finds it. A paid purchase keeps its ledger key and credits with it ({@code
   * ledgerKey} and {@code credits} null for any other event), for the reconciliation to find a
   * purchase whose transfer is missing.
   */
  public boolean record(
      String provider, String eventId, String type, UUID orgId, String ledgerKey, Long credits) {
    return em.createNativeQuery(
                "insert into payment_events (provider, event_id, type, org_id, ledger_key,"
                    + " credits, ledger_kind) values (?1, ?2, ?3, cast(?4 as uuid), ?5,"
                    + " cast(?6 as bigint), cast(?7 as varchar))"
                    + " on conflict do nothing")
            .setParameter(1, provider)
            .setParameter(2, eventId)
            .setParameter(3, type)
            .setParameter(4, Rows.param(orgId))
            .setParameter(5, ledgerKey)
            .setParameter(6, Rows.param(credits))
            .setParameter(7, ledgerKey == null ? null : "purchase")
            .executeUpdate()
        == 1;
  }

  /**
   * Notes on the event, recorded in this transaction, the plan credits it paid for (a plan
   * checkout's or renewal's): their ledger key and amount, for the reconciliation to find them if
   * their transfer goes missing (V35; the application role cannot update events, so a function
   * fills the event's key, once).
   */
  public void notePlanCredits(String provider, String eventId, String ledgerKey, long credits) {
    em.createNativeQuery("select payment_event_note_plan_credits(?1, ?2, ?3, cast(?4 as bigint))")
        .setParameter(1, provider)
        .setParameter(2, eventId)
        .setParameter(3, ledgerKey)
        .setParameter(4, credits)
        .getSingleResult();
  }
}
