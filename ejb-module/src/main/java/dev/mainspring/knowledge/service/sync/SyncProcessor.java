package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncService;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Reads, extracts, chunks and embeds one file through {@link SyncJob#prepare}, which runs with the
 * chunk's transaction suspended (no transaction is held during an embeddings call).
 */
@Named("knowledgeSyncProcessor")
@Dependent
public class SyncProcessor implements ItemProcessor {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  @Override
  public Object processItem(Object item) {
    SyncState state = SyncState.of(jobContext, runs, job);
    return job.prepare(state.plan, state.root, (String) item);
  }
}
