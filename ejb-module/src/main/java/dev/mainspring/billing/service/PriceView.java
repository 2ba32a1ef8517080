package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ModelPrice;
import java.time.Instant;
import java.util.UUID;

/**
 * One version of a model's price, in micro-credits per million tokens; {@code cachedPerMillion} is
 * null when cached prompt tokens cost what other prompt tokens cost.
 */
public record PriceView(
    UUID id,
    String model,
    long promptPerMillion,
    long completionPerMillion,
    Long cachedPerMillion,
    Instant effectiveFrom,
    Instant createdAt) {

  static PriceView of(ModelPrice p) {
    return new PriceView(
        p.id(),
        p.model(),
        p.promptPerMillion(),
        p.completionPerMillion(),
        p.cachedPerMillion(),
        p.effectiveFrom(),
        p.createdAt());
  }
}
