package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.ModelPrice;
import dev.mainspring.billing.model.PriceRepository;
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

  private UnbilledUsage usage(String name, boolean byok) {
    return new UnbilledUsage(
        UUID.nameUUIDFromBytes(name.getBytes()),
        UUID.nameUUIDFromBytes("org".getBytes()),
        "m",
        100,
        50,
        Instant.parse("2026-01-01T00:00:00Z"),
        byok);
  }

  @Test
  void aByokRecordIsSettledWithoutACharge() {
    List<UnbilledUsage> claimed = List.of(usage("paid", false), usage("own key", true));
    poster.ledger =
        new LedgerRepository() {
          @Override
          public List<UnbilledUsage> claimUnbilled(int limit) {
            return claimed;
          }

          @Override
          public boolean postUsage(UnbilledUsage usage, long amount, UUID priceId) {
            done.add("posted " + usage.id() + " at " + amount);
            return true;
          }

          @Override
          public void settleUncharged(UUID usageId) {
            done.add("settled " + usageId);
          }
        };
    poster.prices =
        new PriceRepository() {
          @Override
          public List<ModelPrice> all() {
            return List.of();
          }
        };

    assertEquals(2, poster.postBatch(10));
    assertEquals(
        List.of("posted " + claimed.get(0).id() + " at 0", "settled " + claimed.get(1).id()), done);
  }
}
