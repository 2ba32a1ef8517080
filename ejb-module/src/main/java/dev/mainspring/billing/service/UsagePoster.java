package dev.mainspring.billing.service;

import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.ModelPrice;
import dev.mainspring.billing.model.PriceRepository;
import dev.mainspring.billing.model.UnbilledUsage;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Posts usage records to the ledger, one batch per short transaction. A batch claims records with
 * {@code FOR UPDATE SKIP LOCKED}, prices each by the price in force at its time, and posts it with
 * the record's id as the transfer's idempotency key, marking the record billed and releasing its
 * call's hold in the same statement. A crash before the commit leaves the records unbilled for the
 * next batch; a record posted by a transaction whose answer was lost is found by its key and not
 * posted again. A record of a call made with the caller's own key (bring your own key) is settled
 * without a charge: marked billed, its hold (if any) released, nothing posted. Records are posted
 * in organization order, so two posters lock accounts in one order and never deadlock.
 */
@Stateless
public class UsagePoster {

  @Inject LedgerRepository ledger;
  @Inject PriceRepository prices;

  /** Posts at most {@code limit} unbilled usage records; answers how many it claimed. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int postBatch(int limit) {
    List<UnbilledUsage> claimed = new ArrayList<>(ledger.claimUnbilled(limit));
    if (claimed.isEmpty()) {
      return 0;
    }
    PriceBook book = new PriceBook(prices.all());
    claimed.sort(
        Comparator.comparing(UnbilledUsage::orgId).thenComparing(UnbilledUsage::createdAt));
    for (UnbilledUsage usage : claimed) {
      if (usage.byok()) {
        ledger.settleUncharged(usage.id()); // made with the caller's own key: metered, not charged
        continue;
      }
      Optional<ModelPrice> price = book.at(usage.model(), usage.createdAt());
      long cost =
          Pricing.cost(price.orElse(null), usage.promptTokens(), usage.completionTokens(), 0);
      ledger.postUsage(usage, cost, price.map(ModelPrice::id).orElse(null));
    }
    return claimed.size();
  }

  /** Deletes at most {@code limit} expired holds; answers how many. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long releaseExpired(int limit) {
    return ledger.releaseExpired(limit);
  }
}
