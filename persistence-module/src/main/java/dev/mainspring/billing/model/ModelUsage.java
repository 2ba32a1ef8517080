package dev.mainspring.billing.model;

/**
 * What an organization's gateway calls of one model used in a time range.
 *
 * @param model the model as the call named it (empty when it named none)
 * @param requests the calls (usage records)
 * @param promptTokens their prompt tokens
 * @param completionTokens their completion tokens
 * @param cachedTokens the part of their prompt tokens the provider served from its prompt cache
 * @param creditsSpent micro-credits their posted usage transfers drew (calls not yet posted and
 *     calls made with the organization's own key add nothing)
 */
public record ModelUsage(
    String model,
    long requests,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    long creditsSpent) {}
