package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Plan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.UUID;

/**
 * Tells of billing changes ({@link BillingChanged}) in the changing transaction: a subscription put
 * or changed, credits moved by a purchase, grant, plan credits or a reconciliation repair (not by
 * each usage posting), a plan's limits now binding the organization, a quota period reset.
 */
@ApplicationScoped
public class BillingChanges {

  @Inject Event<BillingChanged> changed;

  /** The organization's subscription is now on {@code plan} with this status and period. */
  public void subscriptionChanged(
      UUID orgId, UUID subscriptionId, Plan plan, String status, Instant start, Instant end) {
    fire(
        orgId,
        "subscription_changed",
        Json.createObjectBuilder()
            .add("subscription_id", subscriptionId.toString())
            .add("plan", plan.slug())
            .add("status", status)
            .add("current_period_start", start.toString())
            .add("current_period_end", end.toString()));
  }

  /** The plan's limits bind the organization from now on. */
  public void limitsChanged(UUID orgId, Plan plan) {
    JsonObjectBuilder data = Json.createObjectBuilder().add("plan", plan.slug());
    add(data, "monthly_token_quota", plan.monthlyTokenQuota());
    add(data, "max_parallel_runs", plan.maxParallelRuns());
    add(data, "requests_per_minute", plan.requestsPerMinute());
    fire(orgId, "limits_changed", data);
  }

  /**
   * Credits moved into the organization ({@code reason}: {@code purchase}, {@code grant}, {@code
   * plan_credits}) or a reconciliation repair posted a missing transfer ({@code reconciliation}: a
   * purchase, positive, or a usage posting, negative).
   */
  public void creditsChanged(UUID orgId, String reason, long amount, boolean promotional) {
    fire(
        orgId,
        "credits_changed",
        Json.createObjectBuilder()
            .add("reason", reason)
            .add("amount", amount)
            .add("promotional", promotional));
  }

  /** The organization's token counter started a new period at zero. */
  public void quotaReset(UUID orgId, Instant boundary) {
    fire(orgId, "quota_reset", Json.createObjectBuilder().add("reset_at", boundary.toString()));
  }

  private void fire(UUID orgId, String change, JsonObjectBuilder data) {
    changed.fire(
        new BillingChanged(orgId, change, data.add("organization_id", orgId.toString()).build()));
  }

  private static void add(JsonObjectBuilder data, String name, Number value) {
    if (value == null) {
      data.addNull(name);
    } else {
      data.add(name, value.longValue());
    }
  }
}
