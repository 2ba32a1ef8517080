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
 * Writes a chunk's files through {@link SyncService#record}, in one transaction: the documents,
 * their change-log entries, the run's counters and the run's checkpoint commit together or not at
 * all.
 */
@Named("knowledgeSyncWriter")
@Dependent
public class SyncWriter extends AbstractItemWriter {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  @Override
  public void writeItems(List<Object> items) {
    SyncState state = SyncState.of(jobContext, runs, job);
    List<SyncJob.Prepared> files = new ArrayList<>(items.size());
    items.forEach(item -> files.add((SyncJob.Prepared) item));
    try {
      runs.record(state.plan, files);
    } catch (RuntimeException e) {
      SyncState.failed(jobContext, e);
      throw e;
    }
  }
}
