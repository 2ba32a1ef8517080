package dev.mainspring.billing.model;

import java.util.UUID;

/** An account whose cached balance is not the sum of its entries. */
public record Drift(
    UUID accountId, UUID orgId, String kind, long cachedBalance, long entriesBalance) {}
