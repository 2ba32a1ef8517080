package dev.mainspring.billing.service;

import java.time.Instant;

/**
 * A new version of a model's price, in micro-credits per million tokens; {@code effectiveFrom}
 * defaults to now. Omitted amounts are 0.
 */
public record PriceRequest(
    String model,
    Long promptPerMillion,
    Long completionPerMillion,
    Long cachedPerMillion,
    Instant effectiveFrom) {}
