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
 * in {@code dev.mainspring.billing.service.reconcile}), claimed through {@code billing_job_runs}
 * like the quota reset ({@link QuotaResetJob}).
 *
 * <p>A scheduled run claims the schedule's interval ({@link QuotaResetJob#periodKey} of {@code
 * mainspring.billing.reconcile-interval-seconds}) in scope {@value #SCHEDULED}: once per interval
 * across instances. An on-demand run has a scope of its own, {@value #ON_DEMAND}, and claims the
 * key {@code after:<the last run of this job that ended>}: an operator can always run it once the
 * previous run has ended, and attempts racing each other (which all see the same last run) start
 * one run; the others are recorded as {@code skipped}. A run beats a heartbeat at every committed
 * chunk; before every attempt (scheduled or on demand) the instance takes over the runs silent for
 * longer than {@code mainspring.billing.reconcile-lease-seconds} (their instance died), exactly
 * once across instances, and runs them again from their checkpoint, so a dead instance's run
 * neither holds its key for ever nor is left half done. The repairs are idempotent as well (a
 * balance set to its sum has no drift left, a transfer is posted under its own key), so two runs
 * that overlap cannot repair anything twice. No transaction is open here.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReconciliationJob {

  private static final Logger LOG = Logger.getLogger(ReconciliationJob.class.getName());

  /** The job's name (its XML file). */
  public static final String JOB = "billing-reconciliation";

  /** The scope of scheduled runs. */
  public static final String SCHEDULED = "all";

  /** The scope of on-demand runs. */
  public static final String ON_DEMAND = "on_demand";

  @Inject ReconciliationRuns runs;
  @Inject BillingSettings settings;

  /** The period key of an on-demand run after the run {@code lastEnded} (null: none yet). */
  static String onDemandKey(UUID lastEnded) {
    return "after:" + (lastEnded == null ? "none" : lastEnded.toString());
  }

  /**
   * Takes over the runs whose instance fell silent past the lease (each runs again from its
   * checkpoint), then claims the period and starts the job; answers the attempt as recorded: {@code
   * started}, or {@code skipped} when another attempt holds the period (an on-demand attempt is
   * skipped while a run it took over holds the key, and that run completes).
   */
  public JobRunView start(String trigger, UUID requestedBy) {
    resumeStale();
    Instant now = Instant.now();
    boolean scheduled = "schedule".equals(trigger);
    String key =
        scheduled
            ? QuotaResetJob.periodKey(now, settings.reconcileIntervalSeconds())
            : onDemandKey(runs.lastEnded());
    BillingJobRun run =
        runs.claim(key, scheduled ? SCHEDULED : ON_DEMAND, trigger, now, requestedBy);
    if (!"started".equals(run.status())) {
      return JobRunView.of(run);
    }
    return execute(run);
  }

  /**
   * Takes over the runs whose instance fell silent past the lease and runs each again from its
   * checkpoint; another instance doing the same at once takes none of these.
   */
  public List<JobRunView> resumeStale() {
    List<JobRunView> resumed = new ArrayList<>();
    for (BillingJobRun run : runs.takeOverStale()) {
      LOG.log(
          Level.INFO,
          "Taking over billing reconciliation {0} ({1})",
          new Object[] {run.id(), run.message()});
      resumed.add(execute(run));
    }
    return resumed;
  }

  private JobRunView execute(BillingJobRun run) {
    return BillingJobStart.execute(
        JOB, run, runs::attach, (id, message) -> runs.finish(id, false, message));
  }

  /** The schedule's round. */
  public void scheduled() {
    start("schedule", null);
  }
}
