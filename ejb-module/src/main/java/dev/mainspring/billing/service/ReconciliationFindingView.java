package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ReconciliationFinding;
import java.time.Instant;
import java.util.UUID;

/**
 * A repair of the billing reconciliation, as the admin group shows it.
 *
 * @param id its position (findings are listed newest first)
 * @param runId the run that made it
 * @param accountId the account whose cached balance or held amount was set ({@code balance_drift},
 *     {@code held_drift})
 * @param record the record whose transfer was missing ({@code usage_record:<id>} or {@code
 *     payment_event:<provider>:<event id>})
 * @param kind {@code balance_drift}, {@code held_drift}, {@code missing_usage_transfer} or {@code
 *     missing_purchase_transfer}
 * @param cached the cached balance or held amount found ({@code balance_drift}, {@code
 *     held_drift}), else null
 * @param expected the sum of the account's entries, the sum of the organization's holds, or the
 *     amount of the transfer posted
 * @param action what was done
 */
public record ReconciliationFindingView(
    long id,
    UUID runId,
    UUID organizationId,
    UUID accountId,
    String record,
    String kind,
    Long cached,
    long expected,
    String action,
    Instant createdAt) {

  static ReconciliationFindingView of(ReconciliationFinding f) {
    return new ReconciliationFindingView(
        f.id(),
        f.runId(),
        f.orgId(),
        f.accountId(),
        f.recordRef(),
        f.kind(),
        f.cached(),
        f.expected(),
        f.action(),
        f.createdAt());
  }
}
