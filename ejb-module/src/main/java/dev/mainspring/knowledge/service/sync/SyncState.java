package dev.mainspring.knowledge.service.sync;

import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncService;
import jakarta.batch.runtime.context.JobContext;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What the steps of one job execution share, kept as the job context's transient data: the run's
 * plan and directory, read once per execution (again after a restart, which is a new execution),
 * and the first failure's message for the run record.
 */
final class SyncState {

  final SyncJob.Plan plan;
  final Path root;
  final List<String> files;
  String failure;

  private SyncState(SyncJob.Plan plan, Path root, List<String> files) {
    this.plan = plan;
    this.root = root;
    this.files = files;
  }

  /** The execution's state, made on first use; {@code plan} null when the run is gone or ended. */
  static SyncState of(JobContext context, SyncService runs, SyncJob job) {
    if (context.getTransientUserData() instanceof SyncState state) {
      return state;
    }
    UUID runId = runId(context);
    SyncJob.Plan plan = runs.begin(runId);
    SyncState state;
    if (plan == null) {
      state = new SyncState(null, null, List.of());
    } else {
      SyncJob.Directory directory = job.directory(plan);
      state = new SyncState(plan, directory.root(), directory.files());
    }
    context.setTransientUserData(state);
    return state;
  }

  /** Records the first failure of the execution. */
  static void failed(JobContext context, Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (context.getTransientUserData() instanceof SyncState state) {
      if (state.failure == null) {
        state.failure = message;
      }
    } else {
      SyncState state = new SyncState(null, null, List.of());
      state.failure = message;
      context.setTransientUserData(state);
    }
  }

  static UUID runId(JobContext context) {
    return UUID.fromString(context.getProperties().getProperty("runId"));
  }
}
