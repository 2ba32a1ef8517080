package dev.mainspring.billing.service;

/**
 * A new plan: {@code monthlyCredits} in micro-credits granted at the start of each period, {@code
 * priceCents} what it costs per month in {@code currency} (default {@code usd}); its limits, each
 * left out (null) for none: {@code monthlyTokenQuota} tokens per period, {@code maxParallelRuns}
 * active runs at once (none: the installation's default), {@code requestsPerMinute} gateway calls
 * and run starts per minute; {@code memberCredits} in micro-credits the allowance each member gets
 * per period, spent before the organization's credits (default 0: none).
 */
public record PlanRequest(
    String slug,
    String name,
    Long monthlyCredits,
    Long priceCents,
    String currency,
    Boolean active,
    Long monthlyTokenQuota,
    Integer maxParallelRuns,
    Integer requestsPerMinute,
    Long memberCredits) {}
