package dev.mainspring.billing.service;

import dev.mainspring.billing.model.MemberAllowance;
import java.util.UUID;

/**
 * One member's allowance, in micro-credits, as it will be at their next call (see {@link
 * MemberAllowanceView}), for the organization's admins.
 */
public record MemberAllowanceEntry(
    UUID userId, long monthlyCredits, long balance, long reserved, long available) {

  static MemberAllowanceEntry of(UUID userId, MemberAllowance a) {
    return new MemberAllowanceEntry(userId, a.monthly(), a.balance(), a.reserved(), a.available());
  }
}
