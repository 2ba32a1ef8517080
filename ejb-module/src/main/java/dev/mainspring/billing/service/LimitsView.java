package dev.mainspring.billing.service;

import java.time.Instant;
import java.util.UUID;

/**
 * Document B's limits of an organization: its plan's limits and what is used of each now. A null
 * {@code limit} means the plan sets none (no quota, no rate; for parallel runs the installation's
 * default cap applies).
 *
 * @param organizationId the organization
 * @param plan the plan's slug, null without a subscription
 * @param monthlyTokenQuota the token quota and this period's use of it
 * @param maxParallelRuns the parallel-run cap and the runs active now
 * @param requestsPerMinute the request rate and the requests counted this minute
 */
public record LimitsView(
    UUID organizationId,
    String plan,
    TokenQuota monthlyTokenQuota,
    Limit maxParallelRuns,
    Limit requestsPerMinute) {

  /**
   * The token quota of the current period.
   *
   * @param limit tokens per period, null for none
   * @param used tokens posted in the period
   * @param held tokens held by calls in flight
   * @param remaining what is left of the limit, null without one
   * @param periodStart when the period began
   * @param periodEnd when it ends (and the counter starts again)
   */
  public record TokenQuota(
      Long limit, long used, long held, Long remaining, Instant periodStart, Instant periodEnd) {}

  /**
   * A limit and what is used of it now.
   *
   * @param limit the limit, null for none
   * @param used what is used now
   */
  public record Limit(Long limit, long used) {}
}
