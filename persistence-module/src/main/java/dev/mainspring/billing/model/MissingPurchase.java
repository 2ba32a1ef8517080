package dev.mainspring.billing.model;

import java.util.UUID;

/**
 * Credits a payment event paid for (a purchase, or a plan's credits) whose transfer does not exist.
 *
 * @param ledgerKey the key its transfer is posted under
 * @param credits the micro-credits it grants
 * @param kind the transfer's kind: {@code purchase} or {@code plan_credits}
 */
public record MissingPurchase(
    String provider, String eventId, UUID orgId, String ledgerKey, long credits, String kind) {

  /** The reconciliation finding's kind when this transfer is posted. */
  public String findingKind() {
    return "missing_" + kind + "_transfer";
  }
}
