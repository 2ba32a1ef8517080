package dev.mainspring.billing.model;

/**
 * A member's allowance in an organization, in micro-credits, as it will be at the member's next
 * call: {@code monthly} what the organization's plan gives each member per period (0: none), the
 * member account's {@code balance}, what the member's calls in flight hold ({@code reserved}), and
 * what is {@code available} for the next call.
 */
public record MemberAllowance(long monthly, long balance, long reserved, long available) {

  /** No allowance and no account. */
  public static final MemberAllowance NONE = new MemberAllowance(0, 0, 0, 0);

  /** Whether there is anything to show: a plan gives an allowance, or the member has some left. */
  public boolean any() {
    return monthly > 0 || balance != 0 || reserved != 0;
  }
}
