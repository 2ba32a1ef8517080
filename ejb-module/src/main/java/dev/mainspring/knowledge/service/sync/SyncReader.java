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
 * Reads the source's selected files in path order. Its checkpoint is the last path handed out, kept
 * by the batch runtime and, in the chunk's own transaction, on the run record: a restarted
 * execution, or a new one started for a run whose instance died, lists the directory again and goes
 * on after the later of the two, so a file committed before the crash is not read twice and one
 * after it is not skipped.
 */
@Named("knowledgeSyncReader")
@Dependent
public class SyncReader extends AbstractItemReader {

  @Inject JobContext jobContext;
  @Inject SyncService runs;
  @Inject SyncJob job;

  private Iterator<String> files;
  private String last;

  @Override
  public void open(Serializable checkpoint) {
    SyncState state;
    try {
      state = SyncState.of(jobContext, runs, job);
    } catch (RuntimeException e) {
      SyncState.failed(jobContext, e);
      throw e;
    }
    last = checkpoint instanceof String path ? path : null;
    String recorded = state.plan == null ? null : state.plan.checkpointPath();
    if (recorded != null && (last == null || recorded.compareTo(last) > 0)) {
      last = recorded;
    }
    files =
        state.files.stream().filter(path -> last == null || path.compareTo(last) > 0).iterator();
  }

  @Override
  public Object readItem() {
    if (!files.hasNext()) {
      return null;
    }
    last = files.next();
    return last;
  }

  @Override
  public Serializable checkpointInfo() {
    return last;
  }
}
