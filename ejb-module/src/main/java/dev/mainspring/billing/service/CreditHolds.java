package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Hold;
import dev.mainspring.billing.model.LeaseGrant;
import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.Plan;
import dev.mainspring.billing.model.PlanRepository;
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
  @Inject PlanRepository plans;
  @Inject TenantSessions sessions;
  @Inject InstanceInfo instance;
  @Inject BillingSettings settings;

  /**
   * Whether the organization has a subscription, active or not (one that cancels its plan keeps
   * spending what it has, it does not become unlimited), and whether its plan gives its members an
   * allowance.
   */
  public Binding binding(UUID orgId) {
    sessions.actFor(orgId);
    return subscriptions
        .findByOrg(orgId)
        .map(s -> new Binding(true, plans.find(s.planId()).map(Plan::memberCredits).orElse(0L) > 0))
        .orElse(Binding.NONE);
  }

  /**
   * Holds {@code estimate} for {@code holdId} against the allowance of member {@code userId} when
   * it covers it (granting this period's allowance first when it is due); answers whether it was
   * held and what the member had available. Nothing is held when it was not covered: the caller
   * then holds against the organization.
   */
  public Hold holdForMember(UUID holdId, UUID orgId, UUID userId, long estimate) {
    sessions.actFor(orgId);
    return ledger.reserveForMember(
        holdId, orgId, userId, estimate, instance.id(), settings.reservationTtlSeconds());
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
            .map(price -> Pricing.estimate(price, promptTokens, maxCompletionTokens))
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
   * estimated at now, and what is available for it: the organization's credits and promotional
   * credits less its open holds, or the member {@code userId}'s allowance when that is more (null:
   * no member); holds nothing. Runs in the caller's transaction when there is one (a run's start
   * asks it before queueing), so it takes no second connection.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public Coverage coverage(
      UUID orgId, UUID userId, String model, long promptTokens, long completionTokens) {
    sessions.actFor(orgId);
    long estimate =
        model == null
            ? 0
            : new PriceBook(prices.ofModel(model))
                .at(model, Instant.now())
                .map(price -> Pricing.estimate(price, promptTokens, completionTokens))
                .orElse(0L);
    long available = ledger.balances(orgId).available();
    if (userId != null) {
      // a call is held against the member's allowance or the organization's credits, not both
      available = Math.max(available, ledger.memberAllowance(orgId, userId).available());
    }
    return new Coverage(estimate, available);
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
