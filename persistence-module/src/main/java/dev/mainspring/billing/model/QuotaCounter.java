package dev.mainspring.billing.model;

import java.time.Instant;

/**
 * An organization's token counter: the tokens used in its period and held by calls in flight.
 *
 * @param periodStart when the counter's period began
 * @param periodEnd when it ends
 * @param tokensUsed tokens posted in the period
 * @param tokensHeld tokens open quota holds keep for calls in flight
 */
public record QuotaCounter(
    Instant periodStart, Instant periodEnd, long tokensUsed, long tokensHeld) {}
