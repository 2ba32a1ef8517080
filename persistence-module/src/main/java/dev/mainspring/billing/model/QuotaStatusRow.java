package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An organization's token counter as the operator's quota status shows it, with its plan's quota
 * (null: none, or no plan).
 */
public record QuotaStatusRow(
    UUID orgId,
    String orgName,
    String planSlug,
    Long monthlyTokenQuota,
    long tokensUsed,
    long tokensHeld,
    Instant periodStart,
    Instant periodEnd,
    Instant resetAt) {}
