package dev.mainspring.billing.service;

import jakarta.json.JsonObject;

/**
 * A verified webhook event of a payment provider.
 *
 * @param provider the provider's name
 * @param id the provider's event id, unique per provider: the key that applies it once
 * @param type the event type, such as {@code checkout.session.completed}
 * @param object the object the event is about ({@code data.object} for Stripe)
 */
public record PaymentEvent(String provider, String id, String type, JsonObject object) {}
