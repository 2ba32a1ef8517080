package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * A usage record the poster has claimed and not yet posted; {@code byok} when the call was made
 * with the caller's own provider key, so it is settled without a charge. {@code cachedTokens} are
 * the part of {@code promptTokens} served from the provider's prompt cache.
 */
public record UnbilledUsage(
    UUID id,
    UUID orgId,
    String model,
    long promptTokens,
    long completionTokens,
    Instant createdAt,
    boolean byok,
    long cachedTokens) {}
