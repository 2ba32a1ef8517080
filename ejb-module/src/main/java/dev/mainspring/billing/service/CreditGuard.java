package dev.mainspring.billing.service;

import dev.mainspring.billing.model.ModelPrice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Admission by credits, for the gateway (and the run engine): before a call goes out, {@link #hold}
 * holds its estimated cost against what the organization has, or refuses it with 402 {@code
 * insufficient_credits}; posting the call's usage record later charges the real cost and releases
 * what was held for it in one transaction ({@link UsagePoster}); a call that never went out is
 * {@link CreditHold#release}d at once, and a hold whose call never wrote its record expires.
 *
 * <pre>{@code
 * CreditHold held = guard.hold(record.getId(), org, model, () -> promptTokens, maxTokens);
 * record.admittedUnder(held.leaseId());
 * try { admit(); } catch (RuntimeException refused) { held.release(); throw refused; }
 * // when the call ended:
 * held.settle(promptTokens, completionTokens);
 * }</pre>
 *
 * The estimate is held under this instance's credit lease of the organization when it has one or
 * can take one ({@link CreditLeases}: no transaction for the call), else as the call's own hold (a
 * transaction, exact, for an organization near the end of its credits). Estimates under a lease are
 * priced with the prices read at most {@code mainspring.billing.price-cache-seconds} ago; the
 * posting charges the price in force when the call was made, whatever was held.
 *
 * <p>Organizations that billing does not bind ({@code mainspring.billing.enforce} false and no
 * subscription) are never held: the answer is remembered a few seconds per organization, so their
 * calls cost no transaction. No lock or transaction outlives a method here.
 */
@ApplicationScoped
public class CreditGuard {

  private record Remembered(boolean enforced, long until) {}

  private record Prices(PriceBook book, long until) {}

  private final Map<UUID, Remembered> enforcement = new ConcurrentHashMap<>();
  private volatile Prices prices;

  @Inject CreditHolds holds;
  @Inject CreditLeases leases;
  @Inject BillingSettings settings;

  /**
   * Holds the estimate of a call for {@code holdId} (the id of the usage record the call will
   * write). {@code promptTokens} is counted only when billing binds the organization; {@code
   * maxCompletionTokens} null means the configured default.
   *
   * @throws InsufficientCreditsException when the organization cannot cover the estimate
   */
  public CreditHold hold(
      UUID holdId, UUID orgId, String model, LongSupplier promptTokens, Long maxCompletionTokens) {
    if (!enforced(orgId)) {
      return CreditHold.NONE;
    }
    long completion =
        maxCompletionTokens == null ? settings.defaultMaxTokens() : maxCompletionTokens;
    long prompt = promptTokens.getAsLong();
    Optional<ModelPrice> price = prices().at(model, Instant.now());
    if (price.isPresent()) {
      long estimate = Pricing.cost(price.get(), prompt, completion, 0);
      CreditHold leased = leases.admit(orgId, estimate, price.get());
      if (leased != null) {
        return leased;
      }
    }
    // near the end of its credits, leases off, or a price this instance has not read yet
    return holds.hold(holdId, orgId, model, prompt, completion) > 0
        ? new OwnHold(holdId)
        : CreditHold.NONE;
  }

  /** The prices, read again when older than {@code mainspring.billing.price-cache-seconds}. */
  private PriceBook prices() {
    long now = System.nanoTime();
    Prices known = prices;
    if (known != null && now - known.until() < 0) {
      return known.book();
    }
    PriceBook book = holds.priceBook();
    prices = new Prices(book, now + settings.priceCacheSeconds() * 1_000_000_000L);
    return book;
  }

  /** Forgets the prices read, after a price was added on this instance. */
  public void forgetPrices() {
    prices = null;
  }

  /** Whether the organization's calls are held against its credits now. */
  public boolean enforced(UUID orgId) {
    if (settings.enforce()) {
      return true;
    }
    long now = System.nanoTime();
    Remembered known = enforcement.get(orgId);
    if (known != null && now - known.until() < 0) {
      return known.enforced();
    }
    boolean enforced = holds.subscribed(orgId);
    enforcement.put(
        orgId, new Remembered(enforced, now + settings.enforcementCacheSeconds() * 1_000_000_000L));
    return enforced;
  }

  /** Forgets what is remembered of the organization, after its subscription changed. */
  public void forget(UUID orgId) {
    enforcement.remove(orgId);
  }

  /** A call's own hold: a row of its own, deleted by its posting or released at once. */
  private final class OwnHold implements CreditHold {
    private final UUID holdId;

    OwnHold(UUID holdId) {
      this.holdId = holdId;
    }

    @Override
    public UUID leaseId() {
      return null;
    }

    @Override
    public void release() {
      holds.release(holdId);
    }

    @Override
    public void settle(long promptTokens, long completionTokens) {
      // the posting of the call's record releases its hold
    }
  }
}
