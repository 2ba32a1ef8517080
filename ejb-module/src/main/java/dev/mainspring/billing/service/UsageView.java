package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ModelUsage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Document B's usage of an organization in a time range: its gateway calls (requests), their
 * tokens, and the micro-credits their postings drew, in total and per model.
 *
 * @param organizationId the organization
 * @param periodStart the start of its current quota period
 * @param periodEnd the end of its current quota period
 * @param from the start of the range summed (inclusive)
 * @param to the end of the range summed (exclusive)
 * @param requests gateway calls in the range
 * @param promptTokens their prompt tokens
 * @param completionTokens their completion tokens
 * @param cachedTokens the part of their prompt tokens the provider served from its prompt cache
 *     (priced at the cached price)
 * @param tokens prompt and completion tokens
 * @param creditsSpent micro-credits drawn by the calls' posted usage transfers
 * @param models the same per model, in model order
 */
public record UsageView(
    UUID organizationId,
    Instant periodStart,
    Instant periodEnd,
    Instant from,
    Instant to,
    long requests,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    long tokens,
    long creditsSpent,
    List<Model> models) {

  /** One model's part of the usage. */
  public record Model(
      String model,
      long requests,
      long promptTokens,
      long completionTokens,
      long cachedTokens,
      long tokens,
      long creditsSpent) {

    static Model of(ModelUsage u) {
      return new Model(
          u.model(),
          u.requests(),
          u.promptTokens(),
          u.completionTokens(),
          u.cachedTokens(),
          u.promptTokens() + u.completionTokens(),
          u.creditsSpent());
    }
  }
}
