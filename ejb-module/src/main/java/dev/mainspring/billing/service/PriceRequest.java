package dev.mainspring.billing.service;

import java.time.Instant;

/**
 * A new version of a model's price, in micro-credits per million tokens; {@code effectiveFrom}
 * defaults to now. An omitted prompt or completion price is 0; an omitted cached price charges
 * cached prompt tokens as prompt tokens.
 */
public record PriceRequest(
    String model,
    Long promptPerMillion,
    Long completionPerMillion,
    Long cachedPerMillion,
    Instant effectiveFrom) {}
