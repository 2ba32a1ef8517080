package dev.mainspring.billing.model;

/**
 * The limits a plan puts on an organization, each null for none.
 *
 * @param monthlyTokenQuota tokens per period (null: unlimited)
 * @param maxParallelRuns active runs at once (null: the installation's default)
 * @param requestsPerMinute gateway calls and run starts per minute (null: unlimited)
 */
public record PlanLimits(
    Long monthlyTokenQuota, Integer maxParallelRuns, Integer requestsPerMinute) {

  /** No limits: an organization without a subscription. */
  public static final PlanLimits NONE = new PlanLimits(null, null, null);
}
