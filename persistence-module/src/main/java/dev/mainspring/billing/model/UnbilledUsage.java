package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/** A usage record the poster has claimed and not yet posted. */
public record UnbilledUsage(
    UUID id,
    UUID orgId,
    String model,
    long promptTokens,
    long completionTokens,
    Instant createdAt) {}
