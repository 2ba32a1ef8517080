package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncService;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;

/**
 * Re-chunks and re-embeds one stored document from its stored text through {@link SyncJob#rebuild},
 * with the chunk's transaction suspended.
 */
@Named("knowledgeResyncDocumentProcessor")
@Dependent
public class ResyncDocumentProcessor implements ItemProcessor {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  @Override
  public Object processItem(Object item) {
    ResyncState state = ResyncState.of(jobContext, runs, job);
    return job.rebuild(state.plan, (UUID) item);
  }
}
