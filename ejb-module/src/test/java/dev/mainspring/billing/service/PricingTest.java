package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.billing.model.ModelPrice;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PricingTest {

  private static ModelPrice price(long prompt, long completion, long cached) {
    return new ModelPrice(
        UUID.randomUUID(), "m", prompt, completion, cached, Instant.EPOCH, null, Instant.EPOCH);
  }

  @Test
  void costIsTokensTimesPricePerMillion() {
    // 1,000 prompt tokens at 3,000,000 and 500 completion at 15,000,000 micro-credits per million
    assertEquals(3_000 + 7_500, Pricing.cost(price(3_000_000, 15_000_000, 0), 1_000, 500, 0));
  }

  @Test
  void cachedTokensHaveTheirOwnPrice() {
    assertEquals(10 + 2, Pricing.cost(price(1_000_000, 0, 200_000), 10, 0, 10));
  }

  @Test
  void aFractionOfAMicroCreditIsRoundedUpOnceForTheWholeCall() {
    // 3 tokens at 100 per million is 0.0003 micro-credits: anything priced costs at least 1
    assertEquals(1, Pricing.cost(price(100, 100, 0), 2, 1, 0));
    // 1.5 + 1.5 is 3, not 2 + 2
    assertEquals(3, Pricing.cost(price(1_500_000, 1_500_000, 0), 1, 1, 0));
  }

  @Test
  void noPriceAndNoTokensCostNothing() {
    assertEquals(0, Pricing.cost(null, 1_000, 1_000, 0));
    assertEquals(0, Pricing.cost(price(5, 5, 5), 0, 0, 0));
  }

  @Test
  void negativeTokenCountsCountAsZero() {
    assertEquals(0, Pricing.cost(price(1_000_000, 1_000_000, 0), -5, -5, 0));
  }

  @Test
  void aCostTooLargeForALongIsCappedRatherThanWrapped() {
    assertEquals(Long.MAX_VALUE, Pricing.cost(price(Long.MAX_VALUE, 0, 0), Long.MAX_VALUE, 0, 0));
  }
}
