package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Reads, extracts, chunks and embeds one file of a resync's source through {@link SyncJob#prepare},
 * exactly as a source sync does (an unchanged file is skipped by its content hash).
 */
@Named("knowledgeResyncFileProcessor")
@Dependent
public class ResyncFileProcessor implements ItemProcessor {

  @Inject SyncJob job;

  @Override
  public Object processItem(Object item) {
    ResyncState.File file = (ResyncState.File) item;
    return job.prepare(file.plan(), file.root(), file.path());
  }
}
