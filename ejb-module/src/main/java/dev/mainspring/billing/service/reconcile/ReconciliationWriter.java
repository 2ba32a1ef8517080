package dev.mainspring.billing.service.reconcile;

import dev.mainspring.billing.service.ReconciliationRuns;
import dev.mainspring.billing.service.ResetPlan;
import dev.mainspring.billing.service.ResetRange;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and repairs a chunk's ranges through {@link ReconciliationRuns#reconcileChunk}, in one
 * transaction: the repairs, their findings and the run's checkpoint commit together or not at all.
 */
@Named("reconciliationWriter")
@Dependent
public class ReconciliationWriter extends AbstractItemWriter {

  @Inject JobContext jobContext;
  @Inject ReconciliationRuns runs;

  @Override
  public void writeItems(List<Object> items) {
    List<ResetRange> ranges = new ArrayList<>(items.size());
    items.forEach(item -> ranges.add((ResetRange) item));
    runs.reconcileChunk((ResetPlan) jobContext.getTransientUserData(), ranges);
  }
}
