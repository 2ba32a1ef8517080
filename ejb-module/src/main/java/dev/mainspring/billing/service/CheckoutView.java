package dev.mainspring.billing.service;

/**
 * A checkout opened for a purchase of credits.
 *
 * @param sessionId the provider's checkout id
 * @param url the page to send the buyer to
 * @param amountCents what the buyer pays
 * @param currency the currency of {@code amountCents}
 * @param credits the micro-credits the organization receives once paid
 */
public record CheckoutView(
    String sessionId, String url, long amountCents, String currency, long credits) {}
