package dev.mainspring.billing.service.reset;

import dev.mainspring.billing.service.QuotaResetRuns;
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
 * Resets a chunk's ranges through {@link QuotaResetRuns#resetChunk}, in one transaction: the
 * counters, the run's counts and its checkpoint commit together or not at all.
 */
@Named("quotaResetWriter")
@Dependent
public class QuotaResetWriter extends AbstractItemWriter {

  @Inject JobContext jobContext;
  @Inject QuotaResetRuns runs;

  @Override
  public void writeItems(List<Object> items) {
    List<ResetRange> ranges = new ArrayList<>(items.size());
    items.forEach(item -> ranges.add((ResetRange) item));
    runs.resetChunk((ResetPlan) jobContext.getTransientUserData(), ranges);
  }
}
