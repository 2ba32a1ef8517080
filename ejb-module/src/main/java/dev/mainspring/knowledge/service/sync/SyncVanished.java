package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncService;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Set;

/**
 * The job's second step: deletes the documents of files no longer in the directory (listed again
 * now, so a file removed during the first step goes too).
 */
@Named("knowledgeSyncVanished")
@Dependent
public class SyncVanished extends AbstractBatchlet {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  @Override
  public String process() {
    try {
      SyncState state = SyncState.of(jobContext, runs, job);
      if (state.plan == null) {
        return "GONE";
      }
      runs.reconcile(state.plan, Set.copyOf(job.directory(state.plan).files()));
      return "COMPLETED";
    } catch (RuntimeException e) {
      SyncState.failed(jobContext, e);
      throw e;
    }
  }
}
