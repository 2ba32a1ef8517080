package dev.mainspring.billing.service;

import dev.mainspring.billing.model.BillingJobRepository;
import dev.mainspring.billing.model.BillingJobRun;
import dev.mainspring.billing.model.QuotaRepository;
import dev.mainspring.billing.model.QuotaStatusRow;
import dev.mainspring.billing.model.ReconciliationFinding;
import dev.mainspring.billing.model.ReconciliationRepository;
import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.model.OrganizationRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Document E's billing admin group: quota resets on demand, the quota status of organizations and
 * the billing jobs' history, for billing admins ({@link BillingAdmins}). The quota status is also
 * open to an organization's admin (a person's token), who sees their own organization only.
 */
@Stateless
public class BillingOperationsService {

  static final Set<String> JOBS = Set.of(QuotaResetJob.JOB, ReconciliationJob.JOB);
  static final int LAST_RESETS = 5;

  @Inject CurrentCaller currentCaller;
  @Inject BillingAdmins admins;
  @Inject QuotaResetJob resetJob;
  @Inject QuotaRepository quotas;
  @Inject BillingJobRepository jobs;
  @Inject OrganizationRepository organizations;
  @Inject ReconciliationJob reconciliationJob;
  @Inject ReconciliationRepository reconciliation;

  /**
   * Starts the quota reset on demand: of one organization's counter, or of every one whose period
   * ended. Answers the run as recorded ({@code started}, or {@code skipped} when another run holds
   * the period). Runs an instance left silent past the lease are taken over first ({@link
   * QuotaResetJob#resumeStale}), so a period a dead instance held is done now.
   */
  public JobRunView resetQuotas(ResetQuotasRequest request) {
    Caller caller = admins.require(currentCaller.get());
    UUID org = request == null ? null : request.organizationId();
    if (org != null && organizations.find(org).isEmpty()) {
      throw NotFoundException.of("organization", org);
    }
    resetJob.resumeStale();
    return resetJob.start("on_demand", org, caller.userId());
  }

  /**
   * The organizations' counters, a page at a time in id order: every organization for a billing
   * admin, the caller's own for an organization's admin.
   */
  public QuotaStatusView quotaStatus(PageRequest page) {
    Caller caller = currentCaller.get();
    UUID only = null;
    if (!admins.allows(caller)) {
      if (caller.viaApiKey() || caller.orgId() == null || caller.orgRole() != OrgRole.ADMIN) {
        throw BillingAdmins.refused();
      }
      only = caller.orgId();
    }
    List<QuotaStatusRow> rows = quotas.status(page.after(), page.limit() + 1, only);
    boolean more = rows.size() > page.limit();
    List<QuotaStatusView.Organization> items =
        rows.stream().limit(page.limit()).map(QuotaStatusView.Organization::of).toList();
    List<JobRunView> resets =
        jobs
            .history(QuotaResetJob.JOB, only == null ? null : only.toString(), null, LAST_RESETS)
            .stream()
            .map(JobRunView::of)
            .toList();
    return new QuotaStatusView(
        items,
        resets,
        more ? PageRequest.cursorAfter(items.get(items.size() - 1).organizationId()) : null);
  }

  /**
   * The runs of a billing job ({@code quota-reset} or {@code billing-reconciliation}), newest
   * first.
   */
  public Page<JobRunView> jobs(String name, PageRequest page) {
    admins.require(currentCaller.get());
    String job = name == null || name.isBlank() ? QuotaResetJob.JOB : name;
    if (!JOBS.contains(job)) {
      throw new InvalidRequestException(
          "invalid_job_name", "name must be quota-reset or billing-reconciliation");
    }
    List<BillingJobRun> rows = jobs.history(job, null, page.after(), page.limit() + 1);
    boolean more = rows.size() > page.limit();
    List<JobRunView> items = rows.stream().limit(page.limit()).map(JobRunView::of).toList();
    return new Page<>(
        items, more ? PageRequest.cursorAfter(items.get(items.size() - 1).id()) : null);
  }

  /**
   * Starts the billing reconciliation on demand. Answers the run as recorded ({@code started}, or
   * {@code skipped} when another on-demand run since the last one that ended holds the key).
   */
  public JobRunView reconcile() {
    Caller caller = admins.require(currentCaller.get());
    return reconciliationJob.start("on_demand", caller.userId());
  }

  /** The reconciliation's findings, newest first, of one run when {@code runId} is given. */
  public Page<ReconciliationFindingView> findings(UUID runId, PageRequest page) {
    admins.require(currentCaller.get());
    List<ReconciliationFinding> rows =
        reconciliation.findings(runId, page.positionAfter(), page.limit() + 1);
    boolean more = rows.size() > page.limit();
    List<ReconciliationFindingView> items =
        rows.stream().limit(page.limit()).map(ReconciliationFindingView::of).toList();
    return new Page<>(
        items, more ? PageRequest.cursorAfterPosition(items.get(items.size() - 1).id()) : null);
  }
}
