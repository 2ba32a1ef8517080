package dev.mainspring.billing.service;

/**
 * A hosted checkout opened at the provider: its id and the page to send the buyer to.
 *
 * @param sessionId the provider's id of the checkout
 * @param url the provider's checkout page
 */
public record CheckoutLink(String sessionId, String url) {}
