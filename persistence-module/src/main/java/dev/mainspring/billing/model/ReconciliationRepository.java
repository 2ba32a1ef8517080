package dev.mainspring.billing.model;

import dev.mainspring.platform.model.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The billing-reconciliation job's checks and its findings (V26), through functions that run as the
 * schema owner. Runs in its caller's transaction.
 */
@ApplicationScoped
public class ReconciliationRepository {

  private static final String COLUMNS =
      "id, run_id, org_id, account_id, record_ref, kind, cached, expected, action, created_at";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /** The upper end of the next range of at most {@code size} organizations after {@code after}. */
  public Optional<UUID> rangeEnd(UUID after, int size) {
    Object end =
        em.createNativeQuery("select cast(reconcile_range_end(cast(?1 as uuid), ?2) as varchar)")
            .setParameter(1, Rows.param(after))
            .setParameter(2, size)
            .getSingleResult();
    return Optional.ofNullable(Rows.uuid(end));
  }

  /**
   * Sets every drifted cached balance of the organizations in (after, upTo] to the sum of its
   * entries, recording a finding of {@code runId} for each; answers how many.
   */
  public long repairBalances(UUID runId, UUID after, UUID upTo) {
    return Rows.number(
        em.createNativeQuery(
                "select reconcile_balances(cast(?1 as uuid), cast(?2 as uuid), cast(?3 as uuid))")
            .setParameter(1, runId.toString())
            .setParameter(2, Rows.param(after))
            .setParameter(3, upTo.toString())
            .getSingleResult());
  }

  /** Billed usage records (not made with the caller's own key) without their usage transfer. */
  public List<UnbilledUsage> missingUsage(UUID after, UUID upTo) {
    List<?> rows =
        em.createNativeQuery(
                "select id, org_id, model, prompt_tokens, completion_tokens, created_at,"
                    + " cached_tokens from reconcile_missing_usage(cast(?1 as uuid), cast(?2 as uuid))")
            .setParameter(1, Rows.param(after))
            .setParameter(2, upTo.toString())
            .getResultList();
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new UnbilledUsage(
                    Rows.uuid(r[0]),
                    Rows.uuid(r[1]),
                    Rows.text(r[2]),
                    Rows.number(r[3]),
                    Rows.number(r[4]),
                    Rows.instant(r[5]),
                    false,
                    Rows.number(r[6])))
        .toList();
  }

  /**
   * Credits paid for by events of existing organizations (purchases, plan credits) without their
   * transfer.
   */
  public List<MissingPurchase> missingPurchases(UUID after, UUID upTo) {
    List<?> rows =
        em.createNativeQuery(
                "select provider, event_id, org_id, ledger_key, credits, ledger_kind"
                    + " from reconcile_missing_purchases(cast(?1 as uuid), cast(?2 as uuid))")
            .setParameter(1, Rows.param(after))
            .setParameter(2, upTo.toString())
            .getResultList();
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new MissingPurchase(
                    Rows.text(r[0]),
                    Rows.text(r[1]),
                    Rows.uuid(r[2]),
                    Rows.text(r[3]),
                    Rows.number(r[4]),
                    Rows.text(r[5])))
        .toList();
  }

  /** Records a repair of a record whose transfer was missing. */
  public void recordPosted(
      UUID runId, UUID orgId, String recordRef, String kind, long amount, String action) {
    em.createNativeQuery(
            "insert into billing_reconciliation_findings (run_id, org_id, record_ref, kind,"
                + " expected, action, created_at)"
                + " values (cast(?1 as uuid), cast(?2 as uuid), ?3, ?4, ?5, ?6, now())")
        .setParameter(1, runId.toString())
        .setParameter(2, orgId.toString())
        .setParameter(3, recordRef)
        .setParameter(4, kind)
        .setParameter(5, amount)
        .setParameter(6, action)
        .executeUpdate();
  }

  /**
   * Findings newest first, before position {@code before} when given, of run {@code runId} when
   * given; at most {@code limit}.
   */
  public List<ReconciliationFinding> findings(UUID runId, Long before, int limit) {
    List<?> rows =
        em.createNativeQuery(
                "select "
                    + COLUMNS
                    + " from billing_reconciliation_findings f"
                    + " where (cast(?1 as uuid) is null or f.run_id = cast(?1 as uuid))"
                    + " and (cast(?2 as bigint) is null or f.id < cast(?2 as bigint))"
                    + " order by f.id desc limit ?3")
            .setParameter(1, Rows.param(runId))
            .setParameter(2, Rows.param(before))
            .setParameter(3, limit)
            .getResultList();
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new ReconciliationFinding(
                    Rows.number(r[0]),
                    Rows.uuid(r[1]),
                    Rows.uuid(r[2]),
                    Rows.uuid(r[3]),
                    Rows.text(r[4]),
                    Rows.text(r[5]),
                    Rows.nullableNumber(r[6]),
                    Rows.number(r[7]),
                    Rows.text(r[8]),
                    Rows.instant(r[9])))
        .toList();
  }

  /** The id of the last run of {@code jobName} that ended (completed or failed), if any. */
  public Optional<UUID> lastEndedRun(String jobName) {
    List<?> rows =
        em.createNativeQuery(
                "select cast(id as varchar) from billing_job_runs"
                    + " where job_name = ?1 and status in ('completed', 'failed')"
                    + " order by ended_at desc, id desc limit 1")
            .setParameter(1, jobName)
            .getResultList();
    return rows.stream().findFirst().map(Rows::uuid);
  }
}
