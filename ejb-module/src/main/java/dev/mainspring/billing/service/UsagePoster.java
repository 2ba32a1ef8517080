package dev.mainspring.billing.service;

import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.ModelPrice;
import dev.mainspring.billing.model.PriceRepository;
import dev.mainspring.billing.model.PricedUsage;
import dev.mainspring.billing.model.UnbilledUsage;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Posts usage records to the ledger, one batch per short transaction. A batch claims records with
 * {@code FOR UPDATE SKIP LOCKED}, prices each by the price in force at its time, and posts the
 * whole batch in one statement ({@code post_usage_batch}, a handful of set-based statements inside
 * rather than a function call and a balance trigger per record: issue 17's postings per second),
 * each record's id its transfer's idempotency key, marking the records billed and releasing their
 * calls' holds in the same statement. A crash before the commit leaves the records unbilled for the
 * next batch; a record posted by a transaction whose answer was lost is found by its key and not
 * posted again. A record of a call made with the caller's own key (bring your own key) is settled
 * without a charge: marked billed, its hold (if any) released, nothing posted. The statement locks
 * the organizations' credits accounts in organization order, so two posters never deadlock.
 */
@Stateless
public class UsagePoster {

  @Inject LedgerRepository ledger;
  @Inject PriceRepository prices;

  /**
   * Posts at most {@code limit} unbilled usage records of the organizations of part {@code part} of
   * {@code parts}; answers how many it claimed. Posters of different parts never lock the same
   * organization's credits row, so they never wait for each other.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public int postBatch(int limit, int part, int parts) {
    List<UnbilledUsage> claimed = new ArrayList<>(ledger.claimUnbilled(limit, part, parts));
    if (claimed.isEmpty()) {
      return 0;
    }
    PriceBook book = new PriceBook(prices.all());
    List<PricedUsage> batch = new ArrayList<>(claimed.size());
    for (UnbilledUsage usage : claimed) {
      if (usage.byok()) {
        // made with the caller's own key: metered, not charged
        batch.add(new PricedUsage(usage.id(), 0, null));
        continue;
      }
      Optional<ModelPrice> price = book.at(usage.model(), usage.createdAt());
      long cost =
          Pricing.ofCall(
              price.orElse(null),
              usage.promptTokens(),
              usage.completionTokens(),
              usage.cachedTokens());
      batch.add(new PricedUsage(usage.id(), cost, price.map(ModelPrice::id).orElse(null)));
    }
    ledger.postBatch(batch);
    return claimed.size();
  }

  /** Deletes at most {@code limit} expired holds; answers how many. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public long releaseExpired(int limit) {
    return ledger.releaseExpired(limit);
  }
}
