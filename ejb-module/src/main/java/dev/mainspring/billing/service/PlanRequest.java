package dev.mainspring.billing.service;

/**
 * A new plan: {@code monthlyCredits} in micro-credits granted at the start of each period, {@code
 * priceCents} what it costs per month in {@code currency} (default {@code usd}).
 */
public record PlanRequest(
    String slug,
    String name,
    Long monthlyCredits,
    Long priceCents,
    String currency,
    Boolean active) {}
