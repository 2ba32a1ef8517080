package dev.mainspring.billing.service;

/**
 * A grant's outcome: {@code granted} false when its idempotency key had been used before (nothing
 * moved again); the organization's billing status after it.
 */
public record GrantView(String idempotencyKey, boolean granted, BillingStatusView status) {}
