package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A plan: the credits it grants each month, what it costs, and its limits (each null for none): a
 * monthly token quota, a cap on parallel runs (null: the installation's default) and a request rate
 * per minute for gateway calls and run starts; {@code memberCredits} is the allowance each member
 * of a subscribed organization gets per period, spent before the organization's credits (0: none).
 */
public record Plan(
    UUID id,
    String slug,
    String name,
    long monthlyCredits,
    long priceCents,
    String currency,
    boolean active,
    Instant createdAt,
    Instant updatedAt,
    long version,
    Long monthlyTokenQuota,
    Integer maxParallelRuns,
    Integer requestsPerMinute,
    long memberCredits) {}
