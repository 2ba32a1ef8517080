package dev.mainspring.billing.service;

/**
 * A purchase of credits: {@code amountCents} in the configured currency, paid through the
 * provider's hosted checkout, which sends the buyer back to {@code successUrl} or {@code
 * cancelUrl}.
 */
public record CheckoutRequest(Long amountCents, String successUrl, String cancelUrl) {}
