package dev.mainspring.inference.service.gateway;

import dev.mainspring.billing.service.ByokLookup;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.service.provider.ProviderProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What document E calls the "OpenRouter cache", here: the gateway's memory of provider model lists
 * (the model ids each provider of the active deployment advertises on {@code GET /models}, as last
 * fetched) and of users' own provider keys ({@link ByokLookup}), on this instance. {@link #warm}
 * fetches the lists of the active deployment's providers, with no transaction open; {@link #clear}
 * forgets both. Each instance keeps and warms its own; a clear asked of one instance reaches every
 * instance ({@link ProviderCacheService#clear}, {@link ProviderCacheClearListener}).
 *
 * <pre>{@code
 * Optional<List<String>> listed = cache.models(providerId); // counts a hit when present
 * }</pre>
 */
@ApplicationScoped
public class ProviderModelCache {

  /** One provider's list as fetched. */
  private record Entry(
      UUID providerId,
      String provider,
      String family,
      List<String> models,
      String error,
      Instant fetchedAt,
      AtomicLong hits) {}

  /**
   * One provider's list as {@code info} shows it.
   *
   * @param error why the last fetch failed (null when it did not; the list is then empty)
   */
  public record ProviderEntry(
      UUID providerId,
      String provider,
      String family,
      int modelCount,
      List<String> models,
      String error,
      Instant fetchedAt,
      long ageSeconds,
      long hits) {}

  /**
   * The cache on this instance.
   *
   * @param byok users whose own key (or its absence) is remembered, and the lookups answered from
   *     memory or the database since the start
   */
  public record Info(List<ProviderEntry> providers, ByokLookup.Stats byok) {}

  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

  @Inject RuntimeSnapshots snapshots;
  @Inject ProviderProbe probe;
  @Inject ByokLookup byok;

  /** The provider's model ids as last fetched, counting a hit; empty when not cached. */
  public Optional<List<String>> models(UUID providerId) {
    Entry entry = entries.get(providerId);
    if (entry == null || entry.error() != null) {
      return Optional.empty();
    }
    entry.hits().incrementAndGet();
    return Optional.of(entry.models());
  }

  public Info info() {
    Instant now = Instant.now();
    List<ProviderEntry> listed = new ArrayList<>();
    entries.values().stream()
        .sorted(Comparator.comparing(Entry::provider))
        .forEach(
            e ->
                listed.add(
                    new ProviderEntry(
                        e.providerId(),
                        e.provider(),
                        e.family(),
                        e.models().size(),
                        e.models(),
                        e.error(),
                        e.fetchedAt(),
                        Duration.between(e.fetchedAt(), now).toSeconds(),
                        e.hits().get())));
    return new Info(listed, byok.stats());
  }

  /**
   * Fetches the model list of every provider the active deployment binds (once each), one after the
   * other; a cloud provider is not contacted while the runtime is offline. Must be called with no
   * transaction open ({@link ProviderProbe} refuses to run inside one).
   */
  public Info warm() {
    RuntimeSnapshot snapshot = snapshots.current();
    Map<UUID, RuntimeSnapshot.Bound> providers = new LinkedHashMap<>();
    snapshot
        .capabilities()
        .values()
        .forEach(bound -> providers.putIfAbsent(bound.provider().getId(), bound));
    for (RuntimeSnapshot.Bound bound : providers.values()) {
      ProviderInstance provider = bound.provider();
      ProviderFamily family = bound.family();
      if (family.isCloud() && snapshot.offline()) {
        entries.put(
            provider.getId(),
            new Entry(
                provider.getId(),
                provider.getSlug(),
                family.getKey(),
                List.of(),
                "offline_provider_blocked",
                Instant.now(),
                new AtomicLong()));
        continue;
      }
      ProviderProbe.Result found = probe.probe(provider, family);
      entries.put(
          provider.getId(),
          new Entry(
              provider.getId(),
              provider.getSlug(),
              family.getKey(),
              List.copyOf(found.models()),
              found.reachable() ? null : found.error().code(),
              Instant.now(),
              new AtomicLong()));
    }
    return info();
  }

  /**
   * Forgets every model list and every remembered own key on this instance (others are told by
   * {@link ProviderCacheService#clear}).
   *
   * @return how many entries were forgotten: provider lists and users' keys
   */
  public int clear() {
    int forgotten = entries.size();
    entries.clear();
    return forgotten + byok.clear();
  }
}
