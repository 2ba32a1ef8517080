package dev.mainspring.billing.service;

import java.time.Instant;
import java.util.List;

/**
 * The ledger checked against itself at {@code checkedAt}: {@code clean} when every cached balance
 * is the sum of its entries; otherwise up to {@value BillingAdminService#DRIFT_LIMIT} accounts that
 * drifted.
 */
public record ReconciliationView(Instant checkedAt, boolean clean, List<DriftView> drift) {}
