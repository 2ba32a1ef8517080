package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One version of a model's price, in micro-credits per million tokens, in force from {@code
 * effectiveFrom} until the model's next version. A null {@code cachedPerMillion} prices cached
 * prompt tokens as prompt tokens.
 */
public record ModelPrice(
    UUID id,
    String model,
    long promptPerMillion,
    long completionPerMillion,
    Long cachedPerMillion,
    Instant effectiveFrom,
    UUID createdBy,
    Instant createdAt) {}
