package dev.mainspring.billing.service;

import java.util.UUID;

/**
 * A purchase of credits to check out.
 *
 * @param orgId the organization credited when it is paid
 * @param amountCents what the buyer pays, in the smallest unit of {@code currency}
 * @param currency an ISO 4217 code in lower case
 * @param credits the micro-credits granted when it is paid
 * @param successUrl where the provider sends the buyer after paying
 * @param cancelUrl where the provider sends a buyer who gives up
 */
public record CheckoutOrder(
    UUID orgId,
    long amountCents,
    String currency,
    long credits,
    String successUrl,
    String cancelUrl) {}
