package dev.mainspring.billing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's view of users' own keys: whether the caller of a call has one, and which. The
 * answer is remembered {@code mainspring.billing.byok-cache-seconds} per user and organization, so
 * a stream of calls costs no transaction each; storing or removing a key forgets it at once on this
 * instance (other instances follow within that time).
 *
 * <pre>{@code
 * Optional<OwnKey> own = lookup.find(org, user).filter(k -> ByokKeys.sameEndpoint(endpoint, k.baseUrl()));
 * }</pre>
 */
@ApplicationScoped
public class ByokLookup {

  /** Bounds what is remembered: past this many users the memory starts over. */
  private static final int MAX_REMEMBERED = 10_000;

  /** A user's own key in clear, and the base URL of the provider it is for. */
  public record OwnKey(String baseUrl, String apiKey) {

    @Override
    public String toString() {
      return "OwnKey[baseUrl=" + baseUrl + "]";
    }
  }

  private record Owner(UUID orgId, UUID userId) {}

  private record Remembered(Optional<OwnKey> key, long until) {}

  private final Map<Owner, Remembered> remembered = new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /**
   * What is remembered on this instance, and how often it answered from memory since the start.
   *
   * @param entries users whose answer is remembered (some may have expired)
   * @param hits lookups answered from memory
   * @param misses lookups that read the database
   */
  public record Stats(int entries, long hits, long misses) {}

  @Inject ByokSecrets secrets;
  @Inject BillingSettings settings;

  /** The user's own key in the organization, if they stored one. */
  public Optional<OwnKey> find(UUID orgId, UUID userId) {
    if (orgId == null || userId == null) {
      return Optional.empty();
    }
    Owner owner = new Owner(orgId, userId);
    long now = System.nanoTime();
    Remembered known = remembered.get(owner);
    if (known != null && now - known.until() < 0) {
      hits.incrementAndGet();
      return known.key();
    }
    misses.incrementAndGet();
    Optional<OwnKey> key = secrets.find(orgId, userId);
    if (remembered.size() >= MAX_REMEMBERED) {
      remembered.clear();
    }
    remembered.put(owner, new Remembered(key, now + settings.byokCacheSeconds() * 1_000_000_000L));
    return key;
  }

  /** Forgets what is remembered of the user's key, after it was stored or removed. */
  public void forget(UUID orgId, UUID userId) {
    remembered.remove(new Owner(orgId, userId));
  }

  public Stats stats() {
    return new Stats(remembered.size(), hits.get(), misses.get());
  }

  /** Forgets every remembered answer on this instance; answers how many there were. */
  public int clear() {
    int entries = remembered.size();
    remembered.clear();
    return entries;
  }
}
