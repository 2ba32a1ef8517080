package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * An organization's subscription to a plan, with its current period; {@code provider} the payment
 * provider that renews it, or null when it renews itself at its period's end.
 */
public record Subscription(
    UUID id,
    UUID orgId,
    UUID planId,
    String status,
    Instant currentPeriodStart,
    Instant currentPeriodEnd,
    Instant createdAt,
    Instant updatedAt,
    long version,
    String provider) {}
