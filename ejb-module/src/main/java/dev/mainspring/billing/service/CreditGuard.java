package dev.mainspring.billing.service;

import dev.mainspring.billing.model.Hold;
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
 * CreditHold held = guard.hold(record.getId(), org, user, model, () -> promptTokens, maxTokens);
 * record.admittedUnder(held.leaseId(), held.memberId());
 * try { admit(); } catch (RuntimeException refused) { held.release(); throw refused; }
 * // when the call ended:
 * held.settle(promptTokens, completionTokens, cachedTokens);
 * }</pre>
 *
 * When the organization's plan gives its members an allowance, a member's call is held against the
 * member's allowance first (a transaction per call; see V38), and against the organization as below
 * when that does not cover it; an allowance found short is remembered for {@code
 * mainspring.billing.enforcement-cache-seconds} for estimates above what it had, so a member who
 * spent theirs costs no extra transaction per call.
 *
 * <p>The estimate is held under this instance's credit lease of the organization when it has one or
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

  private record Remembered(Binding binding, long until) {}

  private record Member(UUID orgId, UUID userId) {}

  private record ShortAllowance(long available, long until) {}

  private record Prices(PriceBook book, long until) {}

  /** At most this many short allowances are remembered at once. */
  private static final int MAX_REMEMBERED = 10_000;

  private final Map<UUID, Remembered> bindings = new ConcurrentHashMap<>();
  private final Map<Member, ShortAllowance> shortAllowances = new ConcurrentHashMap<>();
  private volatile Prices prices;

  @Inject CreditHolds holds;
  @Inject CreditLeases leases;
  @Inject BillingSettings settings;

  /**
   * Holds the estimate of a call of member {@code userId} (null: no member) for {@code holdId} (the
   * id of the usage record the call will write). {@code promptTokens} is counted only when billing
   * binds the organization; {@code maxCompletionTokens} null means the configured default.
   *
   * @throws InsufficientCreditsException when neither the member's allowance nor the organization
   *     can cover the estimate
   */
  public CreditHold hold(
      UUID holdId,
      UUID orgId,
      UUID userId,
      String model,
      LongSupplier promptTokens,
      Long maxCompletionTokens) {
    if (!enforced(orgId)) {
      return CreditHold.NONE;
    }
    long completion =
        maxCompletionTokens == null ? settings.defaultMaxTokens() : maxCompletionTokens;
    long prompt = promptTokens.getAsLong();
    Optional<ModelPrice> price = prices().at(model, Instant.now());
    Member member = null;
    if (price.isPresent()) {
      long estimate = Pricing.estimate(price.get(), prompt, completion);
      if (userId != null && estimate > 0 && binding(orgId).memberAllowance()) {
        member = new Member(orgId, userId);
        CreditHold own = holdForMember(holdId, member, estimate);
        if (own != null) {
          return own;
        }
      }
      CreditHold leased = leases.admit(orgId, estimate, price.get());
      if (leased != null) {
        return leased;
      }
    }
    // near the end of its credits, leases off, or a price this instance has not read yet
    try {
      return holds.hold(holdId, orgId, model, prompt, completion) > 0
          ? new OwnHold(holdId, null)
          : CreditHold.NONE;
    } catch (InsufficientCreditsException refused) {
      ShortAllowance allowance = member == null ? null : shortAllowances.get(member);
      throw allowance == null ? refused : refused.withMemberAllowance(allowance.available());
    }
  }

  /**
   * The member's own hold of {@code estimate}, or null when their allowance does not cover it (or
   * did not a moment ago, for an estimate at least as large).
   */
  private CreditHold holdForMember(UUID holdId, Member member, long estimate) {
    long now = System.nanoTime();
    ShortAllowance known = shortAllowances.get(member);
    if (known != null && now - known.until() < 0 && estimate > known.available()) {
      return null;
    }
    Hold hold = holds.holdForMember(holdId, member.orgId(), member.userId(), estimate);
    if (hold.held()) {
      if (known != null) {
        shortAllowances.remove(member);
      }
      return new OwnHold(holdId, member.userId());
    }
    if (shortAllowances.size() > MAX_REMEMBERED) {
      shortAllowances.clear(); // a bound, not a policy: what is forgotten is asked again
    }
    shortAllowances.put(
        member,
        new ShortAllowance(
            hold.available(), now + settings.enforcementCacheSeconds() * 1_000_000_000L));
    return null;
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
    return settings.enforce() || binding(orgId).subscribed();
  }

  /** How billing binds the organization, read again when older than the enforcement cache. */
  private Binding binding(UUID orgId) {
    long now = System.nanoTime();
    Remembered known = bindings.get(orgId);
    if (known != null && now - known.until() < 0) {
      return known.binding();
    }
    Binding binding = holds.binding(orgId);
    bindings.put(
        orgId, new Remembered(binding, now + settings.enforcementCacheSeconds() * 1_000_000_000L));
    return binding;
  }

  /** Forgets what is remembered of the organization, after its subscription changed. */
  public void forget(UUID orgId) {
    bindings.remove(orgId);
    shortAllowances.keySet().removeIf(member -> member.orgId().equals(orgId));
  }

  /**
   * A call's own hold, against the organization or a member's allowance ({@code memberId}): a row
   * of its own, deleted by its posting or released at once.
   */
  private final class OwnHold implements CreditHold {
    private final UUID holdId;
    private final UUID memberId;

    OwnHold(UUID holdId, UUID memberId) {
      this.holdId = holdId;
      this.memberId = memberId;
    }

    @Override
    public UUID leaseId() {
      return null;
    }

    @Override
    public UUID memberId() {
      return memberId;
    }

    @Override
    public void release() {
      holds.release(holdId);
    }

    @Override
    public void settle(long promptTokens, long completionTokens, long cachedTokens) {
      // the posting of the call's record releases its hold
    }
  }
}
