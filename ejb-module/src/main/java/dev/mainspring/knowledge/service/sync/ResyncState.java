package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncService;
import jakarta.batch.runtime.context.JobContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the steps of one resync job execution share, kept as the job context's transient data: the
 * run's plan, the directory and selected files of each of its sources (read once per execution),
 * and the first failure's message for the run record.
 */
final class ResyncState {

  /**
   * One file of one source, as the files step hands it out.
   *
   * @param plan the source's plan (of the resync run)
   * @param root the source's real directory
   * @param path the source-relative path
   */
  record File(SyncJob.Plan plan, Path root, String path) {

    String key() {
      return SyncJob.key(plan.sourceId(), path);
    }
  }

  final SyncJob.ResyncPlan plan;
  final List<File> files;
  String failure;

  private ResyncState(SyncJob.ResyncPlan plan, List<File> files) {
    this.plan = plan;
    this.files = files;
  }

  /** The execution's state, made on first use; {@code plan} null when the run is gone or ended. */
  static ResyncState of(JobContext context, SyncService runs, SyncJob job) {
    if (context.getTransientUserData() instanceof ResyncState state) {
      return state;
    }
    SyncJob.ResyncPlan plan = runs.beginResync(SyncState.runId(context));
    ResyncState state;
    if (plan == null) {
      state = new ResyncState(null, List.of());
    } else {
      List<File> files = new ArrayList<>();
      for (SyncJob.Plan source : plan.sources()) {
        SyncJob.Directory directory = job.directory(source);
        directory.files().forEach(path -> files.add(new File(source, directory.root(), path)));
      }
      state = new ResyncState(plan, ordered(files));
    }
    context.setTransientUserData(state);
    return state;
  }

  /** The files in key order: by source id, then by path. */
  static List<File> ordered(List<File> files) {
    return files.stream().sorted(Comparator.comparing(File::key)).toList();
  }

  /**
   * The files after the later of two checkpoints (keys; either may be null), in key order: what a
   * new or restarted execution still has to read.
   */
  static List<File> after(List<File> files, String checkpoint, String recorded) {
    String last = checkpoint;
    if (recorded != null && (last == null || recorded.compareTo(last) > 0)) {
      last = recorded;
    }
    String from = last;
    return files.stream().filter(file -> from == null || file.key().compareTo(from) > 0).toList();
  }

  /** Records the first failure of the execution. */
  static void failed(JobContext context, Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (context.getTransientUserData() instanceof ResyncState state) {
      if (state.failure == null) {
        state.failure = message;
      }
    } else {
      ResyncState state = new ResyncState(null, List.of());
      state.failure = message;
      context.setTransientUserData(state);
    }
  }
}
