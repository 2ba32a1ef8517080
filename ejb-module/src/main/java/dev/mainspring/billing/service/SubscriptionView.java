package dev.mainspring.billing.service;

import java.time.Instant;
import java.util.UUID;

/**
 * An organization's subscription; {@code status} is {@code none} (and the rest null) when it has
 * none.
 */
public record SubscriptionView(
    UUID id, String status, PlanView plan, Instant currentPeriodStart, Instant currentPeriodEnd) {

  static SubscriptionView none() {
    return new SubscriptionView(null, "none", null, null, null);
  }
}
