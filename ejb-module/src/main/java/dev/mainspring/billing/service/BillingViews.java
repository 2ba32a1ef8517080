package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Balances;
import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.MemberAllowance;
import dev.mainspring.billing.model.PlanRepository;
import dev.mainspring.billing.model.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * An organization's billing status and subscription as views, for the services that answer them.
 */
@ApplicationScoped
public class BillingViews {

  @Inject LedgerRepository ledger;
  @Inject SubscriptionRepository subscriptions;
  @Inject PlanRepository plans;
  @Inject CreditGuard guard;

  /**
   * The organization's status, with the allowance of member {@code userId} (null: none shown); the
   * transaction must act for the organization.
   */
  public BillingStatusView statusOf(UUID org, UUID userId) {
    Balances balances = ledger.balances(org);
    MemberAllowance allowance =
        userId == null ? MemberAllowance.NONE : ledger.memberAllowance(org, userId);
    return new BillingStatusView(
        guard.enforced(org),
        balances.total(),
        balances.credits(),
        balances.promotional(),
        balances.reserved(),
        balances.available(),
        subscriptionOf(org),
        allowance.any() ? MemberAllowanceView.of(allowance) : null);
  }

  /** The organization's subscription; the transaction must act for it. */
  public SubscriptionView subscriptionOf(UUID org) {
    return subscriptions
        .findByOrg(org)
        .map(
            s ->
                new SubscriptionView(
                    s.id(),
                    s.status(),
                    plans.find(s.planId()).map(PlanView::of).orElse(null),
                    s.currentPeriodStart(),
                    s.currentPeriodEnd()))
        .orElseGet(SubscriptionView::none);
  }
}
