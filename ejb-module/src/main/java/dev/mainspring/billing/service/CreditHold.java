package dev.mainspring.billing.service;

import java.util.UUID;

/**
 * What {@link CreditGuard#hold} holds for one call: nothing, the call's own hold against the
 * organization or against the calling member's allowance (a row of its own, released by its
 * posting), or a part of this instance's credit lease ({@link CreditLeases}).
 */
public interface CreditHold {

  /** Nothing held: billing does not bind the organization, or the model is free. */
  CreditHold NONE =
      new CreditHold() {
        @Override
        public UUID leaseId() {
          return null;
        }

        @Override
        public void release() {}

        @Override
        public void settle(long promptTokens, long completionTokens, long cachedTokens) {}
      };

  /** The lease that admitted the call, for its usage record; null when none did. */
  UUID leaseId();

  /**
   * The member whose allowance admitted the call, for its usage record (its posting draws from that
   * member's account first); null when the organization's credits did.
   */
  default UUID memberId() {
    return null;
  }

  /** The call never went out: what was held for it is free again. */
  void release();

  /**
   * The call ended having used these tokens ({@code cachedTokens} the part of {@code promptTokens}
   * served from the provider's cache): what its estimate exceeded its cost by is free again on this
   * instance (a call's own hold is released by its posting instead). At most once.
   */
  void settle(long promptTokens, long completionTokens, long cachedTokens);
}
