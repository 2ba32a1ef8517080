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
 * The billing jobs' history and their once-per-period claims ({@code billing_job_runs}, V21).
 * Platform data without row-level security; runs in its caller's transaction.
 */
@ApplicationScoped
public class BillingJobRepository {

  private static final String COLUMNS =
      "id, job_name, period_key, scope, trigger, status, boundary, execution_id,"
          + " organizations_reset, chunks, checkpoint_org, instance_id, requested_by, message,"
          + " started_at, ended_at, coalesce(heartbeat_at, started_at), takeovers";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /**
   * Records an attempt at (job, period, scope): {@code started} when no other attempt claimed that
   * key, else {@code skipped} (ended at once). One statement each, so two attempts racing cannot
   * both claim.
   */
  public BillingJobRun claim(
      UUID id,
      String jobName,
      String periodKey,
      String scope,
      String trigger,
      Instant boundary,
      String instanceId,
      UUID requestedBy) {
    int claimed =
        insert(id, jobName, periodKey, scope, trigger, boundary, instanceId, requestedBy, true);
    if (claimed == 0) {
      insert(id, jobName, periodKey, scope, trigger, boundary, instanceId, requestedBy, false);
    }
    return find(id).orElseThrow();
  }

  private int insert(
      UUID id,
      String jobName,
      String periodKey,
      String scope,
      String trigger,
      Instant boundary,
      String instanceId,
      UUID requestedBy,
      boolean claim) {
    return em.createNativeQuery(
            "insert into billing_job_runs (id, job_name, period_key, scope, trigger, status,"
                + " boundary, instance_id, requested_by, message, started_at, ended_at,"
                + " heartbeat_at) values (cast(?1 as uuid), ?2, ?3, ?4, ?5, ?6,"
                + " cast(?7 as timestamptz), ?8, cast(?9 as uuid), ?10, now(), "
                + (claim ? "null, now())" : "now(), null)")
                + (claim
                    ? " on conflict (job_name, period_key, scope) where status <> 'skipped'"
                        + " do nothing"
                    : ""))
        .setParameter(1, id.toString())
        .setParameter(2, jobName)
        .setParameter(3, periodKey)
        .setParameter(4, scope)
        .setParameter(5, trigger)
        .setParameter(6, claim ? "started" : "skipped")
        .setParameter(7, boundary.toString())
        .setParameter(8, instanceId)
        .setParameter(9, Rows.param(requestedBy))
        .setParameter(10, claim ? null : "another run of this job holds the period " + periodKey)
        .executeUpdate();
  }

  public Optional<BillingJobRun> find(UUID id) {
    return map(
            em.createNativeQuery(
                    "select " + COLUMNS + " from billing_job_runs where id = cast(?1 as uuid)")
                .setParameter(1, id.toString())
                .getResultList())
        .stream()
        .findFirst();
  }

  /** Notes the batch execution that runs the claimed attempt (a heartbeat too). */
  public void attach(UUID id, long executionId) {
    em.createNativeQuery(
            "update billing_job_runs set execution_id = ?2, heartbeat_at = now()"
                + " where id = cast(?1 as uuid)")
        .setParameter(1, id.toString())
        .setParameter(2, executionId)
        .executeUpdate();
  }

  /**
   * Adds a committed chunk: its counters reset and its last organization as the checkpoint; the
   * run's heartbeat.
   */
  public void chunkDone(UUID id, long reset, UUID checkpointOrg) {
    em.createNativeQuery(
            "update billing_job_runs set organizations_reset = organizations_reset + ?2,"
                + " chunks = chunks + 1, checkpoint_org = cast(?3 as uuid), heartbeat_at = now()"
                + " where id = cast(?1 as uuid)")
        .setParameter(1, id.toString())
        .setParameter(2, reset)
        .setParameter(3, Rows.param(checkpointOrg))
        .executeUpdate();
  }

  /**
   * Takes over every started run of {@code jobName} whose heartbeat is older than {@code
   * leaseSeconds}: it becomes {@code instanceId}'s, with a fresh heartbeat and no execution yet.
   * One conditional update, re-checked under each row's lock, so of instances racing for a run
   * exactly one takes it (the others find its heartbeat fresh). Answers the runs taken over.
   */
  public List<BillingJobRun> takeOverStale(String jobName, String instanceId, long leaseSeconds) {
    List<?> ids =
        em.createNativeQuery(
                "update billing_job_runs set instance_id = ?2, heartbeat_at = now(),"
                    + " execution_id = null, takeovers = takeovers + 1,"
                    + " message = left('taken over from ' || instance_id"
                    + " || ', silent since ' || coalesce(heartbeat_at, started_at), 1000)"
                    + " where job_name = ?1 and status = 'started'"
                    + " and coalesce(heartbeat_at, started_at) < now() - make_interval(secs => ?3)"
                    + " returning id")
            .setParameter(1, jobName)
            .setParameter(2, instanceId)
            .setParameter(3, (double) leaseSeconds)
            .getResultList();
    return ids.stream().map(id -> find(Rows.uuid(id)).orElseThrow()).toList();
  }

  /** Ends a started attempt as {@code completed} or {@code failed}. */
  public void finish(UUID id, String status, String message) {
    em.createNativeQuery(
            "update billing_job_runs set status = ?2, message = ?3, ended_at = now()"
                + " where id = cast(?1 as uuid) and status = 'started'")
        .setParameter(1, id.toString())
        .setParameter(2, status)
        .setParameter(
            3, message == null ? null : message.substring(0, Math.min(1000, message.length())))
        .executeUpdate();
  }

  /**
   * The attempts at {@code jobName}, newest first, after the attempt {@code beforeId} when given,
   * only those of {@code scope} (or of every scope when null); at most {@code limit}.
   */
  public List<BillingJobRun> history(String jobName, String scope, UUID beforeId, int limit) {
    return map(
        em.createNativeQuery(
                "select "
                    + COLUMNS
                    + " from billing_job_runs r where r.job_name = ?1"
                    + " and (cast(?2 as varchar) is null or r.scope = cast(?2 as varchar))"
                    + " and (cast(?3 as uuid) is null or (r.started_at, r.id) <"
                    + " (select b.started_at, b.id from billing_job_runs b"
                    + " where b.id = cast(?3 as uuid)))"
                    + " order by r.started_at desc, r.id desc limit ?4")
            .setParameter(1, jobName)
            .setParameter(2, scope)
            .setParameter(3, Rows.param(beforeId))
            .setParameter(4, limit)
            .getResultList());
  }

  private static List<BillingJobRun> map(List<?> rows) {
    return rows.stream()
        .map(Object[].class::cast)
        .map(
            r ->
                new BillingJobRun(
                    Rows.uuid(r[0]),
                    Rows.text(r[1]),
                    Rows.text(r[2]),
                    Rows.text(r[3]),
                    Rows.text(r[4]),
                    Rows.text(r[5]),
                    Rows.instant(r[6]),
                    Rows.nullableNumber(r[7]),
                    Rows.number(r[8]),
                    Rows.number(r[9]),
                    Rows.uuid(r[10]),
                    Rows.text(r[11]),
                    Rows.uuid(r[12]),
                    Rows.text(r[13]),
                    Rows.instant(r[14]),
                    Rows.instant(r[15]),
                    Rows.instant(r[16]),
                    Rows.number(r[17])))
        .toList();
  }
}
