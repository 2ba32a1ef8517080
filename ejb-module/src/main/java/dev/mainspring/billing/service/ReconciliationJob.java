package dev.mainspring.billing.service;

import dev.mainspring.billing.model.BillingJobRun;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

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
 * one run; the others are recorded as {@code skipped}. A run still {@code started} after {@code
 * mainspring.billing.reconcile-stale-seconds} is ended as {@code failed} first, so a run whose
 * instance died does not hold the key for ever. The repairs are idempotent as well (a balance set
 * to its sum has no drift left, a transfer is posted under its own key), so two runs that overlap
 * cannot repair anything twice. No transaction is open here.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReconciliationJob {

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
   * Claims the period and starts the job; answers the attempt as recorded: {@code started}, or
   * {@code skipped} when another attempt holds the period.
   */
  public JobRunView start(String trigger, UUID requestedBy) {
    Instant now = Instant.now();
    boolean scheduled = "schedule".equals(trigger);
    String key =
        scheduled
            ? QuotaResetJob.periodKey(now, settings.reconcileIntervalSeconds())
            : onDemandKey(runs.lastEnded(settings.reconcileStaleSeconds()));
    BillingJobRun run =
        runs.claim(key, scheduled ? SCHEDULED : ON_DEMAND, trigger, now, requestedBy);
    if (!"started".equals(run.status())) {
      return JobRunView.of(run);
    }
    Properties parameters = new Properties();
    parameters.setProperty("runId", run.id().toString());
    try {
      JobOperator operator = BatchRuntime.getJobOperator();
      long execution = operator.start(JOB, parameters);
      runs.attach(run.id(), execution);
      return JobRunView.of(run).withExecution(execution);
    } catch (RuntimeException e) {
      runs.finish(run.id(), false, "the job could not be started: " + e.getMessage());
      throw e;
    }
  }

  /** The schedule's round. */
  public void scheduled() {
    start("schedule", null);
  }
}
