package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Hold;
import dev.mainspring.billing.model.LeaseGrant;
import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.PriceRepository;
import dev.mainspring.billing.model.SubscriptionRepository;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.platform.service.InstanceInfo;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/**
 * The transactions of {@link CreditGuard}, each short and of its own: the hold is committed before
 * the call goes out, and nothing is held open while it runs.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class CreditHolds {

  @Inject LedgerRepository ledger;
  @Inject PriceRepository prices;
  @Inject SubscriptionRepository subscriptions;
  @Inject TenantSessions sessions;
  @Inject InstanceInfo instance;
  @Inject BillingSettings settings;

  /**
   * Whether the organization has a subscription, active or not: one that cancels its plan keeps
   * spending what it has, it does not become unlimited.
   */
  public boolean subscribed(UUID orgId) {
    sessions.actFor(orgId);
    return subscriptions.findByOrg(orgId).isPresent();
  }

  /**
   * Holds the estimate of a call of {@code model} for {@code holdId}: the price in force now times
   * the prompt tokens and at most {@code maxCompletionTokens}. Answers the amount held (0 for a
   * free model: nothing is held); 402 {@code insufficient_credits} when it is not covered.
   */
  public long hold(
      UUID holdId, UUID orgId, String model, long promptTokens, long maxCompletionTokens) {
    sessions.actFor(orgId);
    long estimate =
        new PriceBook(prices.ofModel(model))
            .at(model, Instant.now())
            .map(price -> Pricing.cost(price, promptTokens, maxCompletionTokens, 0))
            .orElse(0L);
    if (estimate == 0) {
      return 0;
    }
    Hold hold =
        ledger.reserve(holdId, orgId, estimate, instance.id(), settings.reservationTtlSeconds());
    if (!hold.held()) {
      throw new InsufficientCreditsException(estimate, hold.available());
    }
    return estimate;
  }

  /**
   * What a call of {@code model} with {@code promptTokens} and {@code completionTokens} would be
   * estimated at now, and what the organization has available for it (credits and promotional
   * credits less its open holds); holds nothing. Runs in the caller's transaction when there is one
   * (a run's start asks it before queueing), so it takes no second connection.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public Coverage coverage(UUID orgId, String model, long promptTokens, long completionTokens) {
    sessions.actFor(orgId);
    long estimate =
        model == null
            ? 0
            : new PriceBook(prices.ofModel(model))
                .at(model, Instant.now())
                .map(price -> Pricing.cost(price, promptTokens, completionTokens, 0))
                .orElse(0L);
    return new Coverage(estimate, ledger.balances(orgId).available());
  }

  /** Releases the hold of a call that did not happen. */
  public void release(UUID holdId) {
    ledger.release(holdId);
  }

  /**
   * Takes the lease {@code leaseId} of this instance ({@code fresh}) or grows it by {@code amount},
   * when the organization has at least {@code amount * share} available; see {@link CreditLeases}.
   */
  public LeaseGrant takeLease(UUID leaseId, UUID orgId, long amount, int share, boolean fresh) {
    sessions.actFor(orgId);
    return ledger.takeLease(
        leaseId, orgId, amount, share, fresh, instance.id(), settings.reservationTtlSeconds());
  }

  /** Gives back what this instance did not use of its lease {@code leaseId}. */
  public void returnLease(UUID leaseId, long amount) {
    ledger.returnLease(leaseId, amount);
  }

  /** Every model's price versions, for estimates made without a transaction of their own. */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public PriceBook priceBook() {
    return new PriceBook(prices.all());
  }
}
