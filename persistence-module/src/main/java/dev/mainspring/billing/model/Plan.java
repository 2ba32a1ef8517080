package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/** A plan: the credits it grants each month and what it costs. */
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
    long version) {}
