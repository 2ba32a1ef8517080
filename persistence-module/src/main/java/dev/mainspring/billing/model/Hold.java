package dev.mainspring.billing.model;

/**
 * The answer to a reservation: whether the amount is held, and what was available before (credits
 * and promotional credits less the open holds).
 */
public record Hold(boolean held, long available) {}
