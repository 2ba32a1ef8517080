package dev.mainspring.billing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's view of own keys: whether the caller of a call has one, whether their organization
 * has one, and which. The answer is remembered {@code mainspring.billing.byok-cache-seconds} per
 * user and organization (and per organization for its key), so a stream of calls costs no
 * transaction each; storing or removing a key forgets it at once on this instance (other instances
 * follow within that time).
 *
 * <p>The caller's own key wins: {@link #resolve} answers it when it is for the serving endpoint,
 * else the organization's when that is, else nothing (the platform's credential, charged).
 *
 * <pre>{@code
 * Optional<OwnKey> own = lookup.resolve(org, user, provider.getEndpointUrl());
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

  /** Whose key: a user's within an organization, or the organization's ({@code userId} null). */
  private record Owner(UUID orgId, UUID userId) {}

  private record Remembered(Optional<OwnKey> key, long until) {}

  private final Map<Owner, Remembered> remembered = new ConcurrentHashMap<>();
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /**
   * What is remembered on this instance, and how often it answered from memory since the start.
   *
   * @param entries users and organizations whose answer is remembered (some may have expired)
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
    return remembered(new Owner(orgId, userId));
  }

  private Optional<OwnKey> remembered(Owner owner) {
    long now = System.nanoTime();
    Remembered known = remembered.get(owner);
    if (known != null && now - known.until() < 0) {
      hits.incrementAndGet();
      return known.key();
    }
    misses.incrementAndGet();
    Optional<OwnKey> key = secrets.find(owner.orgId(), owner.userId());
    if (remembered.size() >= MAX_REMEMBERED) {
      remembered.clear();
    }
    remembered.put(owner, new Remembered(key, now + settings.byokCacheSeconds() * 1_000_000_000L));
    return key;
  }

  /** The organization's own key, if an admin stored one. */
  public Optional<OwnKey> findForOrganization(UUID orgId) {
    return orgId == null ? Optional.empty() : remembered(new Owner(orgId, null));
  }

  /**
   * The key a call to the provider at {@code endpoint} goes out with: the user's own for that
   * endpoint, else the organization's for it; empty for the platform's credential.
   */
  public Optional<OwnKey> resolve(UUID orgId, UUID userId, String endpoint) {
    return find(orgId, userId)
        .filter(key -> ByokKeys.sameEndpoint(endpoint, key.baseUrl()))
        .or(
            () ->
                findForOrganization(orgId)
                    .filter(key -> ByokKeys.sameEndpoint(endpoint, key.baseUrl())));
  }

  /** Forgets what is remembered of the organization's key, after it was stored or removed. */
  public void forgetOrganization(UUID orgId) {
    remembered.remove(new Owner(orgId, null));
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
