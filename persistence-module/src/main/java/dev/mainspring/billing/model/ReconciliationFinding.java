package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One repair of the billing-reconciliation job (a row of {@code billing_reconciliation_findings},
 * V26).
 *
 * @param id its position: findings are numbered in the order they were written
 * @param accountId the account whose cached balance (or held amount) was set, for {@code
 *     balance_drift} and {@code held_drift}
 * @param recordRef the record whose transfer was missing ({@code usage_record:<id>} or {@code
 *     payment_event:<provider>:<event id>}), for the other kinds
 * @param kind {@code balance_drift}, {@code held_drift}, {@code missing_usage_transfer} or {@code
 *     missing_purchase_transfer}
 * @param cached the cached balance (or held amount) found, for {@code balance_drift} and {@code
 *     held_drift}
 * @param expected the balance's entries sum, the sum of the holds, or the amount of the transfer
 *     posted
 * @param action what was done
 */
public record ReconciliationFinding(
    long id,
    UUID runId,
    UUID orgId,
    UUID accountId,
    String recordRef,
    String kind,
    Long cached,
    long expected,
    String action,
    Instant createdAt) {}
