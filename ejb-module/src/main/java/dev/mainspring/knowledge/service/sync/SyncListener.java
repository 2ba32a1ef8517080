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
 * Ends the run record with the job: {@code ready} when the job completed, {@code error} with the
 * first failure's message when it failed. A stopped job (the server shut down) leaves the run
 * running, to be restarted from its checkpoint. Also records a chunk's failure.
 */
@Named("knowledgeSyncListener")
@Dependent
public class SyncListener extends AbstractChunkListener implements JobListener {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject KnowledgeIndexSync index;

  @Override
  public void beforeJob() {
    // The run is marked running by the first step, which reads it.
  }

  @Override
  public void afterJob() {
    // The runtime sets COMPLETED only after the job listeners ran: a job that got here without
    // failing or being stopped still reads STARTED.
    BatchStatus status = jobContext.getBatchStatus();
    if (status == BatchStatus.FAILED) {
      String failure =
          jobContext.getTransientUserData() instanceof SyncState state ? state.failure : null;
      runs.finish(SyncState.runId(jobContext), failure == null ? "the sync job failed" : failure);
    } else if (status != BatchStatus.STOPPING && status != BatchStatus.STOPPED) {
      runs.finish(SyncState.runId(jobContext), null);
    }
    // This instance's index follows the documents the job wrote without waiting for its interval.
    index.catchUp();
  }

  @Override
  public void onError(Exception e) {
    SyncState.failed(jobContext, e);
  }
}
