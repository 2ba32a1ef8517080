package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncService;
import dev.mainspring.knowledge.service.vector.KnowledgeIndexSync;
import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Ends the resync's run record with the job, as {@link SyncListener} does for a source sync: {@code
 * ready} when it completed, {@code error} with the first failure's message when it failed, left
 * running when it was stopped. Also records a chunk's failure.
 */
@Named("knowledgeResyncListener")
@Dependent
public class ResyncListener extends AbstractChunkListener implements JobListener {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject KnowledgeIndexSync index;

  @Override
  public void beforeJob() {
    // The run is marked running by the first step, which reads it.
  }

  @Override
  public void afterJob() {
    BatchStatus status = jobContext.getBatchStatus();
    if (status == BatchStatus.FAILED) {
      String failure =
          jobContext.getTransientUserData() instanceof ResyncState state ? state.failure : null;
      runs.finish(SyncState.runId(jobContext), failure == null ? "the resync job failed" : failure);
    } else if (status != BatchStatus.STOPPING && status != BatchStatus.STOPPED) {
      runs.finish(SyncState.runId(jobContext), null);
    }
    index.catchUp();
  }

  @Override
  public void onError(Exception e) {
    ResyncState.failed(jobContext, e);
  }
}
