package dev.mainspring.billing.service;

import dev.mainspring.billing.model.BillingJobRun;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the Jakarta Batch job {@value #JOB} (META-INF/batch-jobs of this module; its artifacts are
 * in {@code dev.mainspring.billing.service.reset}), at most once per period across all instances.
 *
 * <p>A period is a key claimed in {@code billing_job_runs}: for every organization whose period
 * ended, the interval of the schedule the moment falls in ({@link #periodKey}); for one
 * organization, the start of its current period. The attempt that claims the key starts the job;
 * every other attempt, on any instance, is recorded as {@code skipped} and does nothing. The reset
 * itself is idempotent too (a counter moved forward is not due any more), so a run that died midway
 * leaves its rest to the next one. No transaction is open here: the claim commits before the job
 * starts.
 *
 * <p>A claimed run whose instance died would hold its period until the next interval. So the run
 * beats a heartbeat at every committed chunk, and before every round (scheduled or on demand) an
 * instance takes over the started runs silent for longer than {@code
 * mainspring.billing.quota-reset-lease-seconds} ({@link #resumeStale}): one conditional update in
 * PostgreSQL gives each to exactly one instance, which starts a new execution of the job for the
 * same run. The new execution reads the run's own checkpoint (kept in {@code billing_job_runs}, not
 * in the dead instance's batch repository, which another instance cannot restart from) and goes on
 * after it; a chunk the dead instance committed is not reset twice, and one it did not commit is
 * done again, which the idempotent reset allows.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class QuotaResetJob {

  private static final Logger LOG = Logger.getLogger(QuotaResetJob.class.getName());

  /** The job's name (its XML file). */
  public static final String JOB = "quota-reset";

  /** The scope of a run over every organization whose period ended. */
  public static final String ALL = "all";

  @Inject QuotaResetRuns runs;
  @Inject BillingSettings settings;

  /**
   * The key of the schedule interval {@code at} falls in: its start, as an ISO-8601 instant.
   * Scheduled and on-demand runs over every organization share it.
   */
  public static String periodKey(Instant at, long intervalSeconds) {
    long seconds = Math.floorDiv(at.getEpochSecond(), intervalSeconds) * intervalSeconds;
    return Instant.ofEpochSecond(seconds).toString();
  }

  /**
   * Claims the period and starts the job: for {@code orgId} (null: every organization whose period
   * ended). Answers the attempt as recorded: {@code started}, or {@code skipped} when another
   * attempt holds the period.
   */
  public JobRunView start(String trigger, UUID orgId, UUID requestedBy) {
    Instant now = Instant.now();
    String key;
    if (orgId == null) {
      key = periodKey(now, settings.quotaResetIntervalSeconds());
    } else {
      Instant periodStart = runs.currentPeriodStart(orgId);
      key = periodStart == null ? "none" : periodStart.toString();
    }
    BillingJobRun run = runs.claim(key, orgId, trigger, now, requestedBy);
    if (!"started".equals(run.status())) {
      return JobRunView.of(run);
    }
    return execute(run);
  }

  /**
   * Takes over the runs whose instance fell silent past the lease and runs each again from its
   * checkpoint; answers them as started. Another instance doing the same at once takes none of
   * these.
   */
  public List<JobRunView> resumeStale() {
    List<JobRunView> resumed = new ArrayList<>();
    for (BillingJobRun run : runs.takeOverStale()) {
      LOG.log(
          Level.INFO,
          "Taking over quota reset {0} of period {1} ({2})",
          new Object[] {run.id(), run.periodKey(), run.message()});
      resumed.add(execute(run));
    }
    return resumed;
  }

  private JobRunView execute(BillingJobRun run) {
    return BillingJobStart.execute(
        JOB, run, runs::attach, (id, message) -> runs.finish(id, false, message));
  }

  /**
   * The schedule's round: takes over silent runs, then starts a run over every organization when
   * some period has ended.
   */
  public void scheduled() {
    resumeStale();
    if (runs.anyDue()) {
      start("schedule", null, null);
    }
  }
}
