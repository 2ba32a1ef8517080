package dev.mainspring.billing.model;

import java.time.Instant;
import java.util.UUID;

/**
 * One posted transfer as an organization sees it. {@code amount} is what moved (micro-credits); for
 * usage it is the cost of the usage record {@code usageRecordId}, whose {@code cachedTokens} (the
 * part of its prompt tokens served from the provider's cache) are read from the record.
 */
public record LedgerTransfer(
    UUID id,
    String kind,
    long amount,
    UUID usageRecordId,
    String model,
    Long promptTokens,
    Long completionTokens,
    UUID priceId,
    String description,
    Instant createdAt,
    Long cachedTokens) {}
