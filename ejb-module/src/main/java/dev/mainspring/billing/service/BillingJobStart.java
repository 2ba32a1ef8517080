package dev.mainspring.billing.service;

import dev.mainspring.billing.model.BillingJobRun;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.ObjLongConsumer;

/**
 * Starts a billing job's Jakarta Batch execution for a run it claimed or took over, as {@link
 * QuotaResetJob} and {@link ReconciliationJob} both do: the run's id is the job's only parameter,
 * the execution is noted on the run, and a run whose job could not be started is ended as failed at
 * once (otherwise it would hold its period until another instance took it over).
 */
final class BillingJobStart {

  private BillingJobStart() {}

  /**
   * Starts {@code job} for {@code run}; {@code attach} notes the execution on the run, {@code
   * failed} ends the run with a message.
   */
  static JobRunView execute(
      String job,
      BillingJobRun run,
      ObjLongConsumer<UUID> attach,
      BiConsumer<UUID, String> failed) {
    Properties parameters = new Properties();
    parameters.setProperty("runId", run.id().toString());
    try {
      JobOperator operator = BatchRuntime.getJobOperator();
      long execution = operator.start(job, parameters);
      attach.accept(run.id(), execution);
      return JobRunView.of(run).withExecution(execution);
    } catch (RuntimeException e) {
      failed.accept(run.id(), "the job could not be started: " + e.getMessage());
      throw e;
    }
  }
}
