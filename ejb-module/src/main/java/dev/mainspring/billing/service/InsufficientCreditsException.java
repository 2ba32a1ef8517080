package dev.mainspring.billing.service;

import dev.mainspring.platform.error.MainspringException;

/**
 * 402 {@code insufficient_credits}: what the organization has, less what calls in flight hold, does
 * not cover the estimate of this call, nor does the caller's member allowance when the plan gives
 * one. Nothing was held or charged.
 */
public class InsufficientCreditsException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final long needed;
  private final long available;

  public InsufficientCreditsException(long needed, long available) {
    this(needed, available, "");
  }

  private InsufficientCreditsException(long needed, long available, String allowance) {
    super(
        "insufficient_credits",
        "this call may cost up to "
            + needed
            + " micro-credits and the organization has "
            + Math.max(0, available)
            + " available"
            + allowance);
    this.needed = needed;
    this.available = available;
  }

  /** The same refusal, saying what the caller's member allowance had too. */
  public InsufficientCreditsException withMemberAllowance(long memberAvailable) {
    return new InsufficientCreditsException(
        needed, available, ", your member allowance " + Math.max(0, memberAvailable));
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
