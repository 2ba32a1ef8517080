package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.billing.model.ModelPrice;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PricingTest {

  private static ModelPrice price(long prompt, long completion, Long cached) {
    return new ModelPrice(
        UUID.randomUUID(), "m", prompt, completion, cached, Instant.EPOCH, null, Instant.EPOCH);
  }

  @Test
  void costIsTokensTimesPricePerMillion() {
    // 1,000 prompt tokens at 3,000,000 and 500 completion at 15,000,000 micro-credits per million
    assertEquals(3_000 + 7_500, Pricing.cost(price(3_000_000, 15_000_000, 0L), 1_000, 500, 0));
  }

  @Test
  void cachedTokensHaveTheirOwnPrice() {
    assertEquals(10 + 2, Pricing.cost(price(1_000_000, 0, 200_000L), 10, 0, 10));
  }

  @Test
  void aCallsCachedTokensArePricedAsTheirPartOfThePrompt() {
    // OpenAI counts cached tokens inside prompt_tokens: 1,000 prompt tokens of which 800 cached
    // are 200 at the prompt price and 800 at the cached price
    assertEquals(
        200 * 2 + 800 / 2 + 100 * 8,
        Pricing.ofCall(price(2_000_000, 8_000_000, 500_000L), 1_000, 100, 800));
    // more cached than prompt (a provider's bad count) is the whole prompt cached
    assertEquals(5, Pricing.ofCall(price(2_000_000, 0, 1_000_000L), 5, 0, 50));
  }

  @Test
  void withoutACachedPriceCachedTokensCostWhatPromptTokensCost() {
    assertEquals(2_000, Pricing.ofCall(price(2_000_000, 0, null), 1_000, 0, 800));
    assertEquals(2_000, Pricing.ofCall(price(2_000_000, 0, null), 1_000, 0, 0));
  }

  @Test
  void theEstimatePricesThePromptAtTheDearerOfPromptAndCached() {
    assertEquals(
        1_000 + 4_000, Pricing.estimate(price(1_000_000, 2_000_000, 100_000L), 1_000, 2_000));
    // a cached price above the prompt price (a provider charging cache writes): the estimate
    // still covers the call whatever part of the prompt turns out cached
    ModelPrice dearCache = price(1_000_000, 0, 3_000_000L);
    assertEquals(3_000, Pricing.estimate(dearCache, 1_000, 0));
    assertTrue(Pricing.ofCall(dearCache, 1_000, 0, 1_000) <= Pricing.estimate(dearCache, 1_000, 0));
    assertEquals(0, Pricing.estimate(null, 1_000, 1_000));
  }

  @Test
  void aFractionOfAMicroCreditIsRoundedUpOnceForTheWholeCall() {
    // 3 tokens at 100 per million is 0.0003 micro-credits: anything priced costs at least 1
    assertEquals(1, Pricing.cost(price(100, 100, 0L), 2, 1, 0));
    // 1.5 + 1.5 is 3, not 2 + 2
    assertEquals(3, Pricing.cost(price(1_500_000, 1_500_000, 0L), 1, 1, 0));
  }

  @Test
  void noPriceAndNoTokensCostNothing() {
    assertEquals(0, Pricing.cost(null, 1_000, 1_000, 0));
    assertEquals(0, Pricing.cost(price(5, 5, 5L), 0, 0, 0));
  }

  @Test
  void negativeTokenCountsCountAsZero() {
    assertEquals(0, Pricing.cost(price(1_000_000, 1_000_000, 0L), -5, -5, 0));
  }

  @Test
  void aCostTooLargeForALongIsCappedRatherThanWrapped() {
    assertEquals(Long.MAX_VALUE, Pricing.cost(price(Long.MAX_VALUE, 0, 0L), Long.MAX_VALUE, 0, 0));
  }
}
