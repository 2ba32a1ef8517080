package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ModelPrice;
import java.math.BigInteger;

/**
 * What tokens cost. Prices are micro-credits per million tokens; a call's cost is the sum over
 * prompt, completion and cached tokens, rounded up once to whole micro-credits (a call that used
 * anything priced never costs 0).
 *
 * <pre>{@code
 * long microCredits = Pricing.cost(price, 1_200, 350, 0);
 * }</pre>
 */
public final class Pricing {

  static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

  private Pricing() {}

  /** The cost in micro-credits; 0 without a price. Token counts below zero count as zero. */
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
                    .multiply(BigInteger.valueOf(price.cachedPerMillion())));
    BigInteger cost = perMillion.add(MILLION).subtract(BigInteger.ONE).divide(MILLION);
    return cost.bitLength() < 63 ? cost.longValueExact() : Long.MAX_VALUE;
  }
}
