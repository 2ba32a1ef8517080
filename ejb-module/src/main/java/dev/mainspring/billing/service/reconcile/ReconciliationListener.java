package dev.mainspring.billing.service.reconcile;

import dev.mainspring.billing.service.ReconciliationRuns;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/**
 * Ends the run in the job history with the job: {@code completed}, or {@code failed} when the job
 * failed. A stopped job (the server shut down) leaves the run {@code started}.
 */
@Named("reconciliationListener")
@Dependent
public class ReconciliationListener implements JobListener {

  @Inject JobContext jobContext;
  @Inject ReconciliationRuns runs;

  static UUID runId(JobContext context) {
    return UUID.fromString(context.getProperties().getProperty("runId"));
  }

  @Override
  public void beforeJob() {
    // The run was recorded as started when its period was claimed.
  }

  @Override
  public void afterJob() {
    // As for the quota reset: a job that got here without failing or stopping reads STARTED.
    BatchStatus status = jobContext.getBatchStatus();
    if (status == BatchStatus.FAILED) {
      runs.finish(
          runId(jobContext), false, "the billing-reconciliation job failed; see the server's log");
    } else if (status != BatchStatus.STOPPING && status != BatchStatus.STOPPED) {
      runs.finish(runId(jobContext), true, null);
    }
  }
}
