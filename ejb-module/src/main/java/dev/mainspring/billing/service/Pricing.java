package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ModelPrice;
import java.math.BigInteger;

/**
 * What tokens cost. Prices are micro-credits per million tokens; a call's cost is the sum over
 * prompt, completion and cached tokens, rounded up once to whole micro-credits (a call that used
 * anything priced never costs 0). Cached tokens are the part of a call's prompt the provider served
 * from its prompt cache: OpenAI's {@code usage} counts them inside {@code prompt_tokens} and names
 * them in {@code prompt_tokens_details.cached_tokens}, so {@link #ofCall} takes them out of the
 * prompt before pricing each part. A price without a cached price charges them as prompt tokens.
 *
 * <pre>{@code
 * long microCredits = Pricing.ofCall(price, 1_200, 350, 1_024);
 * long held = Pricing.estimate(price, 1_200, 4_096);
 * }</pre>
 */
public final class Pricing {

  static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

  private Pricing() {}

  /**
   * The cost in micro-credits of a call that used {@code promptTokens}, of which {@code
   * cachedTokens} came from the provider's cache (at most all of them), and {@code
   * completionTokens}; 0 without a price.
   */
  public static long ofCall(
      ModelPrice price, long promptTokens, long completionTokens, long cachedTokens) {
    long prompt = Math.max(0, promptTokens);
    long cached = Math.max(0, Math.min(cachedTokens, prompt));
    return cost(price, prompt - cached, completionTokens, cached);
  }

  /**
   * What a call is held at before it runs: its prompt tokens at the dearer of the prompt and cached
   * prices (how much of the prompt the provider will serve from its cache is known only after), so
   * the real cost never exceeds the estimate for the same tokens.
   */
  public static long estimate(ModelPrice price, long promptTokens, long maxCompletionTokens) {
    if (price == null) {
      return 0;
    }
    return cached(price) > price.promptPerMillion()
        ? cost(price, 0, maxCompletionTokens, promptTokens)
        : cost(price, promptTokens, maxCompletionTokens, 0);
  }

  /**
   * The cost in micro-credits of {@code prompt} uncached prompt tokens, {@code completion} tokens
   * and {@code cached} prompt tokens; 0 without a price. Token counts below zero count as zero.
   */
  public static long cost(ModelPrice price, long prompt, long completion, long cached) {
    if (price == null) {
      return 0;
    }
    BigInteger perMillion =
        BigInteger.valueOf(Math.max(0, prompt))
            .multiply(BigInteger.valueOf(price.promptPerMillion()))
            .add(
                BigInteger.valueOf(Math.max(0, completion))
                    .multiply(BigInteger.valueOf(price.completionPerMillion())))
            .add(
                BigInteger.valueOf(Math.max(0, cached))
                    .multiply(BigInteger.valueOf(cached(price))));
    BigInteger cost = perMillion.add(MILLION).subtract(BigInteger.ONE).divide(MILLION);
    return cost.bitLength() < 63 ? cost.longValueExact() : Long.MAX_VALUE;
  }

  /** The price of a million cached prompt tokens: the prompt price when none is named. */
  private static long cached(ModelPrice price) {
    return price.cachedPerMillion() == null ? price.promptPerMillion() : price.cachedPerMillion();
  }
}
