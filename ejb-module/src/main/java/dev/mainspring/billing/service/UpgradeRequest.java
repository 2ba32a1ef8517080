package dev.mainspring.billing.service;

/**
 * A change to the plan {@code plan} (its slug), paid monthly through the provider's hosted
 * checkout, which sends the buyer back to {@code successUrl} or {@code cancelUrl}.
 */
public record UpgradeRequest(String plan, String successUrl, String cancelUrl) {}
