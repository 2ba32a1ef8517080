package dev.mainspring.billing.service;

import dev.mainspring.billing.model.QuotaStatusRow;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A page of organizations' token counters, and the last quota-reset runs the caller may see.
 *
 * @param organizations the counters, in organization id order
 * @param lastResets the newest quota-reset runs, newest first
 * @param nextCursor the cursor of the next page, null on the last
 */
public record QuotaStatusView(
    List<Organization> organizations, List<JobRunView> lastResets, String nextCursor) {

  /**
   * One organization's counter: its plan's quota (null: unlimited or no plan), the tokens used this
   * period and held by calls in flight, the period, and when it was last reset.
   */
  public record Organization(
      UUID organizationId,
      String name,
      String plan,
      Long monthlyTokenQuota,
      long tokensUsed,
      long tokensHeld,
      Long tokensLeft,
      Instant periodStart,
      Instant periodEnd,
      Instant resetAt) {

    static Organization of(QuotaStatusRow r) {
      return new Organization(
          r.orgId(),
          r.orgName(),
          r.planSlug(),
          r.monthlyTokenQuota(),
          r.tokensUsed(),
          r.tokensHeld(),
          r.monthlyTokenQuota() == null
              ? null
              : Math.max(0, r.monthlyTokenQuota() - r.tokensUsed() - r.tokensHeld()),
          r.periodStart(),
          r.periodEnd(),
          r.resetAt());
    }
  }
}
