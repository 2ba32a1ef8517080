package dev.mainspring.billing.service;

import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.LedgerTransfer;
import dev.mainspring.billing.model.PlanRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * Document E's billing reads for the caller's organization: status, subscription, credit history,
 * and the plans on offer. Any member may read them (they spend the credits); an API key needs
 * {@code billing:read}.
 */
@Stateless
@TenantScoped
public class BillingService {

  static final String READ = "billing:read";

  @Inject CurrentCaller currentCaller;
  @Inject LedgerRepository ledger;
  @Inject PlanRepository plans;
  @Inject BillingViews views;

  public BillingStatusView status() {
    Caller caller = currentCaller.require(READ);
    return views.statusOf(caller.requireOrg(), caller.userId());
  }

  /**
   * Every member's allowance in the caller's organization (each as it will be at their next call),
   * for an organization admin (403 {@code admin_required} otherwise; API keys need {@code
   * billing:read}).
   */
  public List<MemberAllowanceEntry> memberAllowances() {
    Caller caller = currentCaller.require(READ);
    UUID org = caller.requireOrg();
    if (!caller.isAdmin()) {
      throw new ForbiddenException(
          "admin_required", "only an organization admin may see every member's allowance");
    }
    return ledger.memberAllowances(org).entrySet().stream()
        .map(e -> MemberAllowanceEntry.of(e.getKey(), e.getValue()))
        .toList();
  }

  public SubscriptionView subscription() {
    return views.subscriptionOf(currentCaller.require(READ).requireOrg());
  }

  /** The organization's postings and grants, newest first. */
  public Page<UsageEntryView> usageHistory(PageRequest page) {
    UUID org = currentCaller.require(READ).requireOrg();
    List<LedgerTransfer> rows = ledger.transfers(org, page.after(), page.limit() + 1);
    boolean more = rows.size() > page.limit();
    List<UsageEntryView> items = rows.stream().limit(page.limit()).map(UsageEntryView::of).toList();
    return new Page<>(
        items, more ? PageRequest.cursorAfter(items.get(items.size() - 1).id()) : null);
  }

  /** The active plans; every signed-in caller may see them. */
  public List<PlanView> plans() {
    currentCaller.get();
    return plans.list(true).stream().map(PlanView::of).toList();
  }
}
