package dev.mainspring.billing.service;

import java.util.UUID;

/**
 * A monthly subscription to a plan to check out.
 *
 * @param orgId the organization put on the plan when it is paid
 * @param planSlug the plan
 * @param planName the plan's name, shown to the buyer
 * @param amountCents the monthly price, in the smallest unit of {@code currency}
 * @param currency an ISO 4217 code in lower case
 * @param successUrl where the provider sends the buyer after paying
 * @param cancelUrl where the provider sends a buyer who gives up
 */
public record PlanOrder(
    UUID orgId,
    String planSlug,
    String planName,
    long amountCents,
    String currency,
    String successUrl,
    String cancelUrl) {}
