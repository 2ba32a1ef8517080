package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.ModelPrice;
import dev.mainspring.billing.model.PriceRepository;
import dev.mainspring.billing.model.PricedUsage;
import dev.mainspring.billing.model.UnbilledUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The poster charges what it claims, except calls made with the caller's own key. */
class UsagePosterTest {

  private final List<String> done = new ArrayList<>();

  private final UsagePoster poster = new UsagePoster();

  private final ModelPrice price =
      new ModelPrice(
          UUID.randomUUID(),
          "m",
          10_000_000,
          20_000_000,
          2_500_000L,
          Instant.EPOCH,
          null,
          Instant.EPOCH);

  private UnbilledUsage usage(String name, boolean byok) {
    return new UnbilledUsage(
        UUID.nameUUIDFromBytes(name.getBytes()),
        UUID.nameUUIDFromBytes("org".getBytes()),
        "m",
        100,
        50,
        Instant.parse("2026-01-01T00:00:00Z"),
        byok,
        40);
  }

  @Test
  void theClaimedBatchIsPostedInOneCallAByokRecordAtNoCharge() {
    List<UnbilledUsage> claimed = List.of(usage("paid", false), usage("own key", true));
    poster.ledger =
        new LedgerRepository() {
          @Override
          public List<UnbilledUsage> claimUnbilled(int limit, int part, int parts) {
            return claimed;
          }

          @Override
          public int postBatch(List<PricedUsage> batch) {
            batch.forEach(u -> done.add(u.id() + " at " + u.amount() + " by " + u.priceId()));
            return 1;
          }
        };
    poster.prices =
        new PriceRepository() {
          @Override
          public List<ModelPrice> all() {
            return List.of(price);
          }
        };

    assertEquals(2, poster.postBatch(10, 0, 1));
    // one statement for the batch, each record at the price in force at its time: 60 uncached
    // prompt tokens at 10,000, 40 cached at 2,500, 50 completion at 20,000 per million; the own-key
    // record goes along at no charge (the database settles it without a transfer)
    assertEquals(
        List.of(
            claimed.get(0).id() + " at " + (600 + 100 + 1_000) + " by " + price.id(),
            claimed.get(1).id() + " at 0 by null"),
        done);
  }
}
