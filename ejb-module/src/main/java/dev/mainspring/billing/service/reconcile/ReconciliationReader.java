package dev.mainspring.billing.service.reconcile;

import dev.mainspring.billing.service.BillingSettings;
import dev.mainspring.billing.service.ReconciliationRuns;
import dev.mainspring.billing.service.ResetPlan;
import dev.mainspring.billing.service.ResetRange;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the organizations as ranges of at most {@code mainspring.billing.reconcile-range} ids in id
 * order. Its checkpoint is the upper end of the last range handed out, kept by the batch runtime
 * and, in the chunk's own transaction, on the run's row: a restarted execution goes on after it.
 */
@Named("reconciliationReader")
@Dependent
public class ReconciliationReader extends AbstractItemReader {

  @Inject JobContext jobContext;
  @Inject ReconciliationRuns runs;
  @Inject BillingSettings settings;

  private UUID last;
  private boolean done;

  @Override
  public void open(Serializable checkpoint) {
    ResetPlan plan = runs.plan(ReconciliationListener.runId(jobContext));
    jobContext.setTransientUserData(plan);
    last =
        plan.checkpointOrg() != null
            ? plan.checkpointOrg()
            : checkpoint instanceof UUID id ? id : null;
  }

  @Override
  public Object readItem() {
    if (done) {
      return null;
    }
    Optional<UUID> end = runs.rangeEnd(last, settings.reconcileRange());
    if (end.isEmpty()) {
      done = true;
      return null;
    }
    ResetRange range = new ResetRange(last, end.get());
    last = end.get();
    return range;
  }

  @Override
  public Serializable checkpointInfo() {
    return last;
  }
}
