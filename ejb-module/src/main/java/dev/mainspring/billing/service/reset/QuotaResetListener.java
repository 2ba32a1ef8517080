package dev.mainspring.billing.service.reset;

import dev.mainspring.billing.service.QuotaResetRuns;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/**
 * Ends the run in the job history with the job: {@code completed}, or {@code failed} when the job
 * failed. A stopped job (the server shut down) leaves the run {@code started}; what it did not
 * reset is still due, and the next scheduled run resets it.
 */
@Named("quotaResetListener")
@Dependent
public class QuotaResetListener implements JobListener {

  @Inject JobContext jobContext;
  @Inject QuotaResetRuns runs;

  static UUID runId(JobContext context) {
    return UUID.fromString(context.getProperties().getProperty("runId"));
  }

  @Override
  public void beforeJob() {
    // The run was recorded as started when its period was claimed.
  }

  @Override
  public void afterJob() {
    // The runtime sets COMPLETED only after the job listeners ran: a job that got here without
    // failing or being stopped still reads STARTED.
    BatchStatus status = jobContext.getBatchStatus();
    if (status == BatchStatus.FAILED) {
      runs.finish(runId(jobContext), false, "the quota-reset job failed; see the server's log");
    } else if (status != BatchStatus.STOPPING && status != BatchStatus.STOPPED) {
      runs.finish(runId(jobContext), true, null);
    }
  }
}
