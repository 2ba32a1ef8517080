package dev.mainspring.billing.service;

import java.util.Map;

/**
 * A payment provider as billing needs it: a hosted checkout for a purchase, and the verification of
 * the provider's webhook deliveries. Implementations make network calls; callers hold no
 * transaction while they run.
 */
public interface PaymentProvider {

  /** The provider's name as stored with its events ({@code stripe}, {@code polar}). */
  String name();

  /**
   * Opens a hosted checkout for {@code order}; the provider's completion event carries the order's
   * organization and credits back.
   *
   * @throws PaymentProviderException when the provider is not configured or refuses
   */
  CheckoutLink checkout(CheckoutOrder order);

  /**
   * Opens a hosted checkout of a monthly subscription for {@code order}; the provider's completion
   * event carries the organization and the plan back.
   *
   * @throws PaymentProviderException when the provider is not configured or refuses
   */
  CheckoutLink checkoutPlan(PlanOrder order);

  /**
   * Verifies a webhook delivery (its body exactly as received and its headers, names in lower case)
   * and answers its event.
   *
   * @throws PaymentProviderException 400 {@code invalid_signature} for a forged, stale or malformed
   *     delivery
   */
  PaymentEvent verify(String payload, Map<String, String> headers);
}
