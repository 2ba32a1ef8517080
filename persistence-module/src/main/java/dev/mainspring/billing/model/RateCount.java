package dev.mainspring.billing.model;

import java.time.Instant;

/**
 * What {@code rate_admit} answered: the requests counted in the window after this one (null: the
 * window was full and this one was not counted) and the window in force.
 */
public record RateCount(Integer requests, Instant windowStart) {}
