package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Plan;
import java.util.UUID;

/**
 * A plan as listed: monthly credits in micro-credits, price in cents, its limits (null for none)
 * and each member's allowance per period in micro-credits (0: none).
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
    Integer requestsPerMinute,
    long memberCredits) {

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
        p.requestsPerMinute(),
        p.memberCredits());
  }
}
