package dev.mainspring.billing.service;

import dev.mainspring.platform.error.MainspringException;

/**
 * 402 {@code insufficient_credits}: what the organization has, less what calls in flight hold, does
 * not cover the estimate of this call. Nothing was held or charged.
 */
public class InsufficientCreditsException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public InsufficientCreditsException(long needed, long available) {
    super(
        "insufficient_credits",
        "this call may cost up to "
            + needed
            + " micro-credits and the organization has "
            + Math.max(0, available)
            + " available");
  }

  @Override
  public int status() {
    return 402;
  }

  @Override
  public String title() {
    return "Payment Required";
  }
}
