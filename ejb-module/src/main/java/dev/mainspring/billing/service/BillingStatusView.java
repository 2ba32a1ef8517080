package dev.mainspring.billing.service;

/**
 * An organization's billing status, amounts in micro-credits: {@code balance} is {@code credits}
 * plus {@code promotional}; {@code available} is the balance less what calls in flight hold; {@code
 * enforced} says whether calls are refused (402) when it does not cover them; {@code
 * memberAllowance} is the caller's own allowance when the plan gives members one (or they have some
 * left), else null.
 */
public record BillingStatusView(
    boolean enforced,
    long balance,
    long credits,
    long promotional,
    long reserved,
    long available,
    SubscriptionView subscription,
    MemberAllowanceView memberAllowance) {}
