package dev.mainspring.billing.service;

/**
 * How billing binds an organization: whether it has a subscription (active or not), and whether its
 * plan gives each member an allowance, spent before the organization's credits.
 */
public record Binding(boolean subscribed, boolean memberAllowance) {

  /** No subscription. */
  public static final Binding NONE = new Binding(false, false);
}
