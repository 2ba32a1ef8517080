package dev.mainspring.billing.service;

import dev.mainspring.billing.model.LedgerTransfer;
import java.time.Instant;
import java.util.UUID;

/**
 * One line of an organization's credit history: a usage posting (a metered call, {@code amount} its
 * cost, with its model and tokens, {@code cachedTokens} the part of its prompt tokens the provider
 * served from its cache) or credits coming in (a grant, plan credits). {@code amount} is in
 * micro-credits; {@code direction} is {@code debit} for usage, {@code credit} otherwise.
 */
public record UsageEntryView(
    UUID id,
    String kind,
    String direction,
    long amount,
    UUID usageRecordId,
    String model,
    Long promptTokens,
    Long completionTokens,
    Long cachedTokens,
    String description,
    Instant createdAt) {

  static UsageEntryView of(LedgerTransfer t) {
    return new UsageEntryView(
        t.id(),
        t.kind(),
        "usage".equals(t.kind()) ? "debit" : "credit",
        t.amount(),
        t.usageRecordId(),
        t.model(),
        t.promptTokens(),
        t.completionTokens(),
        t.cachedTokens(),
        t.description(),
        t.createdAt());
  }
}
