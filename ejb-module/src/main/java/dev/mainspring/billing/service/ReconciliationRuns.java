package dev.mainspring.billing.service;

import dev.mainspring.billing.model.BillingJobRepository;
import dev.mainspring.billing.model.BillingJobRun;
import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.MissingPurchase;
import dev.mainspring.billing.model.ModelPrice;
import dev.mainspring.billing.model.PriceRepository;
import dev.mainspring.billing.model.ReconciliationRepository;
import dev.mainspring.billing.model.UnbilledUsage;
import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.service.InstanceInfo;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The database side of the {@value ReconciliationJob#JOB} job: claiming a period, the check and
 * repair of a chunk of organizations with its checkpoint, and the end of a run. Each method commits
 * on its own, as {@link QuotaResetRuns}'s do: a chunk's repairs, their findings and the run's
 * checkpoint commit together.
 */
@Stateless
public class ReconciliationRuns {

  @Inject BillingJobRepository jobs;
  @Inject ReconciliationRepository reconciliation;
  @Inject LedgerRepository ledger;
  @Inject PriceRepository prices;
  @Inject InstanceInfo instance;
  @Inject BillingChanges changes;
  @Inject BillingSettings settings;

  /** A missing transfer a chunk posted: the organization's credits moved by {@code amount}. */
  private record Repair(UUID orgId, long amount) {}

  /** Records an attempt: {@code started} when it claimed the key, {@code skipped} otherwise. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public BillingJobRun claim(
      String periodKey, String scope, String trigger, Instant boundary, UUID requestedBy) {
    return jobs.claim(
        Ids.newId(),
        ReconciliationJob.JOB,
        periodKey,
        scope,
        trigger,
        boundary,
        instance.id(),
        requestedBy);
  }

  /** The last run of the job that ended, or null. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public UUID lastEnded() {
    return reconciliation.lastEndedRun(ReconciliationJob.JOB).orElse(null);
  }

  /**
   * Takes over the started runs whose instance fell silent for longer than the lease: they are this
   * instance's from now on, each to be run again from its checkpoint (as {@link
   * QuotaResetRuns#takeOverStale}).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<BillingJobRun> takeOverStale() {
    return jobs.takeOverStale(
        ReconciliationJob.JOB, instance.id(), settings.reconcileLeaseSeconds());
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void attach(UUID runId, long executionId) {
    jobs.attach(runId, executionId);
  }

  /** What the run's execution does, with its checkpoint. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public ResetPlan plan(UUID runId) {
    BillingJobRun run = jobs.find(runId).orElseThrow();
    return new ResetPlan(run.id(), null, run.boundary(), run.checkpointOrg());
  }

  /** The upper end of the next range of organizations after {@code after}. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Optional<UUID> rangeEnd(UUID after, int size) {
    return reconciliation.rangeEnd(after, size);
  }

  /**
   * Checks and repairs a chunk's ranges of organizations, records every repair as a finding and the
   * run's checkpoint, in one transaction: drifted cached balances are set to the sums of their
   * entries first, then the missing usage, purchase and plan-credits transfers are posted under the
   * keys their normal path uses ({@code usage:<record id>}, the key kept with the payment event),
   * so neither path can post one twice. Answers the number of repairs.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long reconcileChunk(ResetPlan plan, List<ResetRange> ranges) {
    long repaired = 0;
    UUID last = null;
    List<Repair> repairs = new ArrayList<>();
    PriceBook book = null;
    for (ResetRange range : ranges) {
      repaired += reconciliation.repairBalances(plan.runId(), range.after(), range.upTo());
      for (UnbilledUsage usage : reconciliation.missingUsage(range.after(), range.upTo())) {
        if (book == null) {
          book = new PriceBook(prices.all());
        }
        Optional<ModelPrice> price = book.at(usage.model(), usage.createdAt());
        long cost =
            Pricing.ofCall(
                price.orElse(null),
                usage.promptTokens(),
                usage.completionTokens(),
                usage.cachedTokens());
        if (ledger.postUsage(usage, cost, price.map(ModelPrice::id).orElse(null))) {
          repairs.add(new Repair(usage.orgId(), -cost));
          reconciliation.recordPosted(
              plan.runId(),
              usage.orgId(),
              "usage_record:" + usage.id(),
              "missing_usage_transfer",
              cost,
              "posted the usage transfer usage:" + usage.id());
          repaired++;
        }
      }
      for (MissingPurchase purchase :
          reconciliation.missingPurchases(range.after(), range.upTo())) {
        if (ledger.grant(
            Ids.newId(),
            purchase.orgId(),
            purchase.ledgerKey(),
            purchase.kind(),
            false,
            purchase.credits(),
            purchase.ledgerKey(),
            null)) {
          repairs.add(new Repair(purchase.orgId(), purchase.credits()));
          reconciliation.recordPosted(
              plan.runId(),
              purchase.orgId(),
              "payment_event:" + purchase.provider() + ":" + purchase.eventId(),
              purchase.findingKind(),
              purchase.credits(),
              "posted the " + purchase.kind() + " transfer " + purchase.ledgerKey());
          repaired++;
        }
      }
      last = range.upTo();
    }
    jobs.chunkDone(plan.runId(), repaired, last);
    // told last: appending an event acts for its organization, which the chunk's other
    // statements must not depend on
    for (Repair repair : repairs) {
      changes.creditsChanged(repair.orgId(), "reconciliation", repair.amount(), false);
    }
    return repaired;
  }

  /** Ends the run as {@code completed} or {@code failed}. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void finish(UUID runId, boolean completed, String message) {
    jobs.finish(runId, completed ? "completed" : "failed", message);
  }
}
