package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncService;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a chunk of rebuilt documents through {@link SyncService#recordRebuilt}: their chunks,
 * change-log entries, the run's counter and document checkpoint commit together or not at all.
 */
@Named("knowledgeResyncDocumentWriter")
@Dependent
public class ResyncDocumentWriter extends AbstractItemWriter {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  @Override
  public void writeItems(List<Object> items) {
    ResyncState state = ResyncState.of(jobContext, runs, job);
    List<SyncJob.Rebuilt> rebuilt = new ArrayList<>(items.size());
    items.forEach(item -> rebuilt.add((SyncJob.Rebuilt) item));
    try {
      runs.recordRebuilt(state.plan.runId(), rebuilt);
    } catch (RuntimeException e) {
      ResyncState.failed(jobContext, e);
      throw e;
    }
  }
}
