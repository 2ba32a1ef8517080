package dev.mainspring.billing.service;

import dev.mainspring.billing.model.MemberAllowance;

/**
 * The caller's own allowance in their organization, in micro-credits, as it will be at their next
 * call: {@code monthlyCredits} what the plan gives each member per period, {@code balance} what
 * their member account holds, {@code reserved} what their calls in flight hold, {@code available}
 * what their next call can use before the organization's credits are drawn.
 */
public record MemberAllowanceView(
    long monthlyCredits, long balance, long reserved, long available) {

  static MemberAllowanceView of(MemberAllowance a) {
    return new MemberAllowanceView(a.monthly(), a.balance(), a.reserved(), a.available());
  }
}
