package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncService;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Iterator;

/**
 * Reads the selected files of all the knowledge base's active local_directory sources, by source id
 * then path. Its checkpoint is the last file's {@link SyncJob#key}, kept by the batch runtime and
 * on the run record ({@code checkpoint_path}); a new execution goes on after the later of the two,
 * as {@link SyncReader} does for one source.
 */
@Named("knowledgeResyncFileReader")
@Dependent
public class ResyncFileReader extends AbstractItemReader {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  private Iterator<ResyncState.File> files;
  private String last;

  @Override
  public void open(Serializable checkpoint) {
    ResyncState state;
    try {
      state = ResyncState.of(jobContext, runs, job);
    } catch (RuntimeException e) {
      ResyncState.failed(jobContext, e);
      throw e;
    }
    String recorded = state.plan == null ? null : state.plan.checkpointKey();
    files =
        ResyncState.after(state.files, checkpoint instanceof String key ? key : null, recorded)
            .iterator();
    last = checkpoint instanceof String key ? key : recorded;
  }

  @Override
  public Object readItem() {
    if (!files.hasNext()) {
      return null;
    }
    ResyncState.File file = files.next();
    last = file.key();
    return file;
  }

  @Override
  public Serializable checkpointInfo() {
    return last;
  }
}
