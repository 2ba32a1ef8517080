package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncService;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.UUID;

/**
 * Reads the ids of the knowledge base's stored documents in id order, as they are after the files
 * step (documents of any origin: API, upload, source). It starts after the run's document
 * checkpoint ({@code checkpoint_document_id}), which commits with each chunk before the batch
 * runtime's own checkpoint and so is never behind it; the runtime's checkpoint is the last id
 * handed out.
 */
@Named("knowledgeResyncDocumentReader")
@Dependent
public class ResyncDocumentReader extends AbstractItemReader {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  private Iterator<UUID> documents;
  private UUID last;

  @Override
  public void open(Serializable checkpoint) {
    try {
      ResyncState state = ResyncState.of(jobContext, runs, job);
      documents =
          state.plan == null
              ? Collections.<UUID>emptyIterator()
              : runs.documentsToRebuild(state.plan.runId()).iterator();
    } catch (RuntimeException e) {
      ResyncState.failed(jobContext, e);
      throw e;
    }
    last = checkpoint instanceof UUID id ? id : null;
  }

  @Override
  public Object readItem() {
    if (!documents.hasNext()) {
      return null;
    }
    last = documents.next();
    return last;
  }

  @Override
  public Serializable checkpointInfo() {
    return last;
  }
}
