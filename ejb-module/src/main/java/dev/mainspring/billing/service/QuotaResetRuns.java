package dev.mainspring.billing.service;

import dev.mainspring.billing.model.BillingJobRepository;
import dev.mainspring.billing.model.BillingJobRun;
import dev.mainspring.billing.model.Plan;
import dev.mainspring.billing.model.PlanRepository;
import dev.mainspring.billing.model.QuotaRepository;
import dev.mainspring.billing.model.SubscriptionRepository;
import dev.mainspring.billing.model.SubscriptionRepository.Renewed;
import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.service.InstanceInfo;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The database side of the {@value QuotaResetJob#JOB} job: claiming a period, the set-based reset
 * of a chunk of counters with its checkpoint (and the renewal of the chunk's subscriptions that no
 * payment provider renews, V34), and the end of a run. Each method commits on its own: the batch
 * runtime's chunk transaction already holds its job repository's connection and takes no second
 * one, so a chunk's counters, the run's counts and its checkpoint commit together in a transaction
 * of their own, before the runtime's checkpoint (which is never ahead of the run's).
 */
@Stateless
public class QuotaResetRuns {

  @Inject BillingJobRepository jobs;
  @Inject QuotaRepository quotas;
  @Inject InstanceInfo instance;
  @Inject BillingChanges changes;
  @Inject BillingSettings settings;
  @Inject SubscriptionRepository subscriptions;
  @Inject PlanRepository plans;

  /**
   * Records an attempt at the reset of {@code periodKey} for {@code orgId} (null: every
   * organization): {@code started} when it claimed the period, {@code skipped} otherwise.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public BillingJobRun claim(
      String periodKey, UUID orgId, String trigger, Instant boundary, UUID requestedBy) {
    return jobs.claim(
        Ids.newId(),
        QuotaResetJob.JOB,
        periodKey,
        orgId == null ? QuotaResetJob.ALL : orgId.toString(),
        trigger,
        boundary,
        instance.id(),
        requestedBy);
  }

  /**
   * Takes over the started runs whose instance fell silent for longer than the lease: they are this
   * instance's from now on, each to be run again from its checkpoint.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<BillingJobRun> takeOverStale() {
    return jobs.takeOverStale(QuotaResetJob.JOB, instance.id(), settings.quotaResetLeaseSeconds());
  }

  /** The period key of an organization's own reset: the start of its current period. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Instant currentPeriodStart(UUID orgId) {
    return quotas.status(null, 1, orgId).stream()
        .findFirst()
        .map(row -> row.periodStart())
        .orElse(null);
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void attach(UUID runId, long executionId) {
    jobs.attach(runId, executionId);
  }

  /** What the run's execution does, with its checkpoint. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public ResetPlan plan(UUID runId) {
    BillingJobRun run = jobs.find(runId).orElseThrow();
    UUID org = QuotaResetJob.ALL.equals(run.scope()) ? null : UUID.fromString(run.scope());
    return new ResetPlan(run.id(), org, run.boundary(), run.checkpointOrg());
  }

  /** The upper end of the next range of counters after {@code after}. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Optional<UUID> rangeEnd(UUID after, int size) {
    return quotas.rangeEnd(after, size);
  }

  /**
   * Resets a chunk's ranges (one statement each) and records the counts and the checkpoint, in one
   * transaction.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long resetChunk(ResetPlan plan, List<ResetRange> ranges) {
    long reset = 0;
    UUID last = null;
    boolean orgReset = false;
    List<Renewed> renewed = new ArrayList<>();
    for (ResetRange range : ranges) {
      if (plan.orgId() != null) {
        long one = quotas.resetOrganization(plan.orgId(), plan.boundary());
        orgReset |= one > 0;
        reset += one;
      } else {
        reset += quotas.resetRange(range.after(), range.upTo(), plan.boundary());
      }
      // for one organization's reset, the function renews that organization's and ignores the range
      renewed.addAll(
          subscriptions.renewDue(range.after(), range.upTo(), plan.orgId(), plan.boundary()));
      last = range.upTo();
    }
    jobs.chunkDone(plan.runId(), reset, last);
    if (orgReset) {
      changes.quotaReset(plan.orgId(), plan.boundary());
    }
    Map<UUID, Optional<Plan>> plansById = new HashMap<>();
    renewed.forEach(r -> announce(r, plansById.computeIfAbsent(r.planId(), plans::find)));
    return reset;
  }

  /** The events of a subscription that renewed itself, and of the credits that came with it. */
  private void announce(Renewed renewal, Optional<Plan> plan) {
    plan.ifPresent(
        p ->
            changes.subscriptionChanged(
                renewal.orgId(),
                renewal.subscriptionId(),
                p,
                "active",
                renewal.periodStart(),
                renewal.periodEnd()));
    if (renewal.credits() > 0) {
      changes.creditsChanged(renewal.orgId(), "plan_credits", renewal.credits(), false);
    }
  }

  /** Ends the run as {@code completed} or {@code failed}. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void finish(UUID runId, boolean completed, String message) {
    jobs.finish(runId, completed ? "completed" : "failed", message);
  }

  /** Whether any counter's period has ended. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public boolean anyDue() {
    return quotas.anyDue();
  }
}
