package dev.mainspring.billing.service;

/**
 * Credits for an organization from its operator: {@code amount} micro-credits, into promotional
 * credits when {@code promotional}; {@code idempotencyKey} makes a retried request grant once.
 */
public record GrantRequest(
    Long amount, Boolean promotional, String idempotencyKey, String description) {}
