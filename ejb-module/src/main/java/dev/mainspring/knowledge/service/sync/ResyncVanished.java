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
 * The resync's second step: for each of its sources, deletes the documents of files no longer in
 * the directory (listed again now), as {@link SyncVanished} does for one source. Doing it again
 * after a restart deletes nothing more.
 */
@Named("knowledgeResyncVanished")
@Dependent
public class ResyncVanished extends AbstractBatchlet {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  @Override
  public String process() {
    try {
      ResyncState state = ResyncState.of(jobContext, runs, job);
      if (state.plan == null) {
        return "GONE";
      }
      for (SyncJob.Plan source : state.plan.sources()) {
        runs.reconcile(source, Set.copyOf(job.directory(source).files()));
      }
      return "COMPLETED";
    } catch (RuntimeException e) {
      ResyncState.failed(jobContext, e);
      throw e;
    }
  }
}
