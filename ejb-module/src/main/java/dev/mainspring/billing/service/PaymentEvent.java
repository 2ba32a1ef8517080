package dev.mainspring.billing.service;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A verified webhook event of a payment provider.
 *
 * @param provider the provider's name
 * @param id the provider's event id, unique per provider: the key that applies it once
 * @param type the event type, such as {@code checkout.session.completed}
 * @param object the object the event is about ({@code data.object} for Stripe)
 * @param created when the provider created the event (Stripe's {@code created}), which orders
 *     events delivered out of order; null when the provider gives none
 */
public record PaymentEvent(
    String provider, String id, String type, JsonObject object, Instant created) {

  /** An event without a creation time. */
  public PaymentEvent(String provider, String id, String type, JsonObject object) {
    this(provider, id, type, object, null);
  }
}
