package dev.mainspring.billing.service;

/**
 * A checkout opened for a plan.
 *
 * @param sessionId the provider's checkout id
 * @param url the page to send the buyer to
 * @param plan the plan's slug
 * @param amountCents the monthly price
 * @param currency the currency of {@code amountCents}
 */
public record UpgradeView(
    String sessionId, String url, String plan, long amountCents, String currency) {}
