package dev.mainspring.billing.service.reset;

import dev.mainspring.billing.service.BillingSettings;
import dev.mainspring.billing.service.QuotaResetRuns;
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
 * Reads the counters as ranges of at most {@code mainspring.billing.quota-reset-range}
 * organizations in id order (one range, the organization itself, for a one-organization reset). Its
 * checkpoint is the upper end of the last range handed out, kept by the batch runtime and, in the
 * chunk's own transaction, on the run's row: a restarted execution goes on after it.
 */
@Named("quotaResetReader")
@Dependent
public class QuotaResetReader extends AbstractItemReader {

  @Inject JobContext jobContext;
  @Inject QuotaResetRuns runs;
  @Inject BillingSettings settings;

  private ResetPlan plan;
  private UUID last;
  private boolean done;

  @Override
  public void open(Serializable checkpoint) {
    plan = runs.plan(QuotaResetListener.runId(jobContext));
    jobContext.setTransientUserData(plan);
    last =
        plan.checkpointOrg() != null
            ? plan.checkpointOrg()
            : checkpoint instanceof UUID id ? id : null;
    done = plan.orgId() != null && last != null;
  }

  @Override
  public Object readItem() {
    if (done) {
      return null;
    }
    if (plan.orgId() != null) {
      done = true;
      last = plan.orgId();
      return new ResetRange(null, plan.orgId());
    }
    Optional<UUID> end = runs.rangeEnd(last, settings.quotaResetRange());
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
