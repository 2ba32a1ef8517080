package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Balances;
import dev.mainspring.billing.model.LedgerRepository;
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

  /** The organization's status; the transaction must act for it. */
  public BillingStatusView statusOf(UUID org) {
    Balances balances = ledger.balances(org);
    return new BillingStatusView(
        guard.enforced(org),
        balances.total(),
        balances.credits(),
        balances.promotional(),
        balances.reserved(),
        balances.available(),
        subscriptionOf(org));
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
