package dev.mainspring.billing.service;

/**
 * Puts an organization on a plan, by the plan's slug; {@code status} active (default) or canceled.
 */
public record SubscriptionRequest(String plan, String status) {}
