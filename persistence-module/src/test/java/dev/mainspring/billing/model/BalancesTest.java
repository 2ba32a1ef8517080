package dev.mainspring.billing.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BalancesTest {

  @Test
  void availableIsCreditsAndPromotionalLessHolds() {
    Balances balances = new Balances(1_000, 250, 400);

    assertEquals(1_250, balances.total());
    assertEquals(850, balances.available());
  }

  @Test
  void aSubscriptionIsActiveOnlyInsideItsPeriodAndWhileNotCanceled() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Instant end = Instant.parse("2026-02-01T00:00:00Z");
    Subscription active =
        new Subscription(UUID.randomUUID(), null, null, "active", start, end, start, start, 0);
    Subscription canceled =
        new Subscription(UUID.randomUUID(), null, null, "canceled", start, end, start, start, 0);

    assertTrue(active.activeAt(start));
    assertTrue(active.activeAt(end.minusMillis(1)));
    assertFalse(active.activeAt(end));
    assertFalse(active.activeAt(start.minusMillis(1)));
    assertFalse(canceled.activeAt(start));
  }
}
