package dev.mainspring.billing.model;

import java.time.Instant;

/**
 * What {@code quota_admit} answered: whether the call was admitted, the tokens used this period and
 * held by calls in flight before it, and when the period ends.
 */
public record QuotaAdmission(boolean admitted, long used, long held, Instant periodEnd) {}
