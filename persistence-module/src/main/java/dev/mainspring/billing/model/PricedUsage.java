package dev.mainspring.billing.model;

import java.util.UUID;

/**
 * A claimed usage record with what posting it charges: {@code amount} micro-credits by the price
 * {@code priceId} (null: no price in force). A record made with the caller's own key is posted with
 * any amount and charged nothing.
 */
public record PricedUsage(UUID id, long amount, UUID priceId) {}
