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
 * Writes a chunk of a resync's files through {@link SyncService#recordResync}: the documents, their
 * change-log entries, the run's counters and checkpoint commit together or not at all.
 */
@Named("knowledgeResyncFileWriter")
@Dependent
public class ResyncFileWriter extends AbstractItemWriter {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  @Override
  public void writeItems(List<Object> items) {
    ResyncState state = ResyncState.of(jobContext, runs, job);
    List<SyncJob.Prepared> files = new ArrayList<>(items.size());
    items.forEach(item -> files.add((SyncJob.Prepared) item));
    try {
      runs.recordResync(state.plan, files);
    } catch (RuntimeException e) {
      ResyncState.failed(jobContext, e);
      throw e;
    }
  }
}
