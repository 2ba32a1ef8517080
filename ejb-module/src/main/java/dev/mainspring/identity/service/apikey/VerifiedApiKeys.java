package dev.mainspring.identity.service.apikey;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.IdentityChanges;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * API keys checked against the database in the last few seconds, so that a client calling many
 * times a second (a gateway client) is not looked up, matched to its membership and marked used on
 * every request.
 *
 * <p>An entry is found by the SHA-256 of the whole presented key, so a wrong secret never matches
 * one. It is used for at most {@code mainspring.auth.api-key-cache-seconds} (0 turns the memory
 * off) and never past the key's expiry. Revoking a key, changing a member's role or removing a
 * member on this instance makes it forget every entry once that change commits ({@link
 * IdentityChanges}); on other instances of a cluster such a change counts when their entries run
 * out. {@code last_used_at} is therefore as fresh as that lifetime. When an entry runs out, the
 * first request to find it so has the key checked again in the background and, like the requests
 * after it, goes on with the entry for at most a second more: no request waits for the database
 * while a key is in use, and they do not all query it at once.
 */
@ApplicationScoped
public class VerifiedApiKeys {

  /** More entries than this and the expired ones go; if all are fresh, all go. */
  static final int MAX_ENTRIES = 10_000;

  /**
   * How long past its lifetime an entry still serves while the key is checked in the background.
   */
  static final long GRACE_NANOS = 1_000_000_000L;

  private record Entry(
      VerifiedApiKey key, long generation, long checkedNanos, AtomicBoolean rechecking) {

    Entry(VerifiedApiKey key, long generation, long checkedNanos) {
      this(key, generation, checkedNanos, new AtomicBoolean());
    }
  }

  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

  @Inject ApiKeyService apiKeys;
  @Inject IdentityChanges changes;
  @Resource ManagedExecutorService executor;

  @Inject
  @ConfigProperty(name = "mainspring.auth.api-key-cache-seconds", defaultValue = "5")
  long lifetimeSeconds;

  /** The caller a presented key stands for; 401 as {@link ApiKeyService#authenticate} answers. */
  public Caller authenticate(String presented) {
    if (lifetimeSeconds <= 0) {
      return apiKeys.authenticate(presented).caller();
    }
    Optional<PresentedApiKey> parsed = ApiKeys.parse(presented);
    if (parsed.isEmpty()) {
      return apiKeys.authenticate(presented).caller(); // answers 401 in its own words
    }
    String id = parsed.get().prefix() + ':' + parsed.get().hash();
    long generation = changes.generation();
    long now = System.nanoTime();
    Entry entry = entries.get(id);
    if (entry != null && usable(entry, generation, now, 0)) {
      return entry.key().caller();
    }
    if (entry != null && usable(entry, generation, now, GRACE_NANOS)) {
      if (entry.rechecking().compareAndSet(false, true)) {
        recheckLater(presented, id, entry, generation);
      }
      return entry.key().caller(); // the key is being checked again in the background
    }
    VerifiedApiKey verified;
    try {
      verified = apiKeys.authenticate(presented);
    } catch (RuntimeException refusedOrFailed) {
      if (entry != null) {
        entries.remove(id, entry);
      }
      throw refusedOrFailed;
    }
    remember(id, new Entry(verified, generation, now));
    return verified.caller();
  }

  /**
   * Checks a key whose entry ran out again on another thread, so that no request waits for the
   * database: the entry is renewed, or dropped when the key is refused (the next request then gets
   * the refusal). Without a thread to run on, the entry is dropped and the next request checks.
   */
  private void recheckLater(String presented, String id, Entry entry, long generation) {
    Runnable recheck =
        () -> {
          try {
            VerifiedApiKey verified = apiKeys.authenticate(presented);
            entries.replace(id, entry, new Entry(verified, generation, System.nanoTime()));
          } catch (RuntimeException refusedOrFailed) {
            entries.remove(id, entry);
          }
        };
    try {
      executor.execute(recheck);
    } catch (RuntimeException rejected) {
      entries.remove(id, entry);
    }
  }

  private void remember(String id, Entry entry) {
    if (entries.size() >= MAX_ENTRIES) {
      long generation = changes.generation();
      long now = System.nanoTime();
      entries.values().removeIf(e -> !usable(e, generation, now, 0));
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
    }
    entries.put(id, entry);
  }

  private boolean usable(Entry entry, long generation, long now, long grace) {
    return entry.generation() == generation
        && now - entry.checkedNanos() < lifetimeSeconds * 1_000_000_000L + grace
        && (entry.key().expiresAt() == null || Instant.now().isBefore(entry.key().expiresAt()));
  }
}
