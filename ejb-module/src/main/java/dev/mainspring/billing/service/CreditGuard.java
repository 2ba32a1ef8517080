package dev.mainspring.billing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Admission by credits, for the gateway (and the run engine): before a call goes out, {@link #hold}
 * holds its estimated cost against what the organization has, or refuses it with 402 {@code
 * insufficient_credits}; posting the call's usage record later charges the real cost and releases
 * the hold in one transaction ({@link UsagePoster}); a call that never went out is {@link
 * #release}d at once, and a hold whose call never wrote its record expires.
 *
 * <pre>{@code
 * boolean held = guard.hold(record.getId(), org, model, () -> promptTokens, maxTokens);
 * try { admit(); } catch (RuntimeException refused) { if (held) guard.release(record.getId()); throw refused; }
 * }</pre>
 *
 * Organizations that billing does not bind ({@code mainspring.billing.enforce} false and no
 * subscription) are never held: the answer is remembered a few seconds per organization, so their
 * calls cost no transaction. No lock or transaction outlives a method here.
 */
@ApplicationScoped
public class CreditGuard {

  private record Remembered(boolean enforced, long until) {}

  private final Map<UUID, Remembered> enforcement = new ConcurrentHashMap<>();

  @Inject CreditHolds holds;
  @Inject BillingSettings settings;

  /**
   * Holds the estimate of a call for {@code holdId} (the id of the usage record the call will
   * write); answers whether anything was held. {@code promptTokens} is counted only when billing
   * binds the organization; {@code maxCompletionTokens} null means the configured default.
   *
   * @throws InsufficientCreditsException when the organization cannot cover the estimate
   */
  public boolean hold(
      UUID holdId, UUID orgId, String model, LongSupplier promptTokens, Long maxCompletionTokens) {
    if (!enforced(orgId)) {
      return false;
    }
    long completion =
        maxCompletionTokens == null ? settings.defaultMaxTokens() : maxCompletionTokens;
    return holds.hold(holdId, orgId, model, promptTokens.getAsLong(), completion) > 0;
  }

  /** Releases the hold of a call that never went out. */
  public void release(UUID holdId) {
    holds.release(holdId);
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
}
