package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Plan;
import java.util.UUID;

/**
 * A plan as listed: monthly credits in micro-credits, price in cents, and its limits (null for
 * none).
 */
public record PlanView(
    UUID id,
    String slug,
    String name,
    long monthlyCredits,
    long priceCents,
    String currency,
    boolean active,
    Long monthlyTokenQuota,
    Integer maxParallelRuns,
    Integer requestsPerMinute) {

  static PlanView of(Plan p) {
    return new PlanView(
        p.id(),
        p.slug(),
        p.name(),
        p.monthlyCredits(),
        p.priceCents(),
        p.currency(),
        p.active(),
        p.monthlyTokenQuota(),
        p.maxParallelRuns(),
        p.requestsPerMinute());
  }
}
