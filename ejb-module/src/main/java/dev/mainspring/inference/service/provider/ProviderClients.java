package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.UpstreamSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link OpenAiUpstream} per provider instance and configuration version, made on first use
 * (the secret is resolved then, through {@link CredentialService#resolve}) and replaced when the
 * instance changes. Only adapters of {@code openai_http} families are served here. Every client
 * connects only where {@link ProviderDestinations} allows.
 */
@ApplicationScoped
public class ProviderClients {

  @Inject CredentialService credentials;
  @Inject ProviderDestinations destinations;

  /** Bounds the clients of users' own keys: past this many, they are all closed and remade. */
  private static final int MAX_OWN_KEY_CLIENTS = 1024;

  private final Map<UUID, Versioned> clients = new ConcurrentHashMap<>();

  /** Clients that send a user's own key, by provider id and the key's SHA-256. */
  private final Map<String, Versioned> ownKeyClients = new ConcurrentHashMap<>();

  private record Versioned(long version, OpenAiUpstream upstream) {}

  /** The client for {@code provider} as currently configured. */
  public OpenAiUpstream upstreamFor(ProviderInstance provider) {
    Versioned current = clients.get(provider.getId());
    if (current != null && current.version() == provider.getVersion()) {
      return current.upstream();
    }
    return clients
        .compute(
            provider.getId(),
            (id, existing) -> {
              if (existing != null && existing.version() == provider.getVersion()) {
                return existing; // another caller made it meanwhile
              }
              if (existing != null) {
                existing.upstream().close();
              }
              return new Versioned(
                  provider.getVersion(),
                  new OpenAiUpstream(settingsOf(provider), destinations.policy()));
            })
        .upstream();
  }

  /**
   * A client for {@code provider} as currently configured that sends {@code apiKey} (a user's own
   * key, bring your own key) instead of the provider's credential. One per provider and key, kept
   * while the provider's version holds.
   */
  public OpenAiUpstream upstreamFor(ProviderInstance provider, String apiKey) {
    String id = provider.getId() + ":" + sha256(apiKey);
    Versioned current = ownKeyClients.get(id);
    if (current != null && current.version() == provider.getVersion()) {
      return current.upstream();
    }
    if (ownKeyClients.size() >= MAX_OWN_KEY_CLIENTS) {
      ownKeyClients.values().forEach(client -> client.upstream().close());
      ownKeyClients.clear();
    }
    return ownKeyClients
        .compute(
            id,
            (key, existing) -> {
              if (existing != null && existing.version() == provider.getVersion()) {
                return existing;
              }
              if (existing != null) {
                existing.upstream().close();
              }
              return new Versioned(
                  provider.getVersion(),
                  new OpenAiUpstream(settingsOf(provider, apiKey), destinations.policy()));
            })
        .upstream();
  }

  /** Forgets the client of a deleted provider. */
  public void forget(UUID providerId) {
    Versioned removed = clients.remove(providerId);
    if (removed != null) {
      removed.upstream().close();
    }
    ownKeyClients
        .entrySet()
        .removeIf(
            entry -> {
              boolean ofProvider = entry.getKey().startsWith(providerId + ":");
              if (ofProvider) {
                entry.getValue().upstream().close();
              }
              return ofProvider;
            });
  }

  private UpstreamSettings settingsOf(ProviderInstance provider) {
    return settingsOf(
        provider,
        provider.getApiKeyRef() == null ? null : credentials.resolve(provider.getApiKeyRef()));
  }

  private static UpstreamSettings settingsOf(ProviderInstance provider, String apiKey) {
    return new UpstreamSettings(
        URI.create(provider.getEndpointUrl()),
        apiKey,
        Duration.ofMillis(provider.getConnectTimeoutMs()),
        Duration.ofMillis(provider.getFirstTokenTimeoutMs()),
        Duration.ofMillis(provider.getIdleTimeoutMs()),
        provider.getMaxRetries(),
        Duration.ofMillis(250),
        Duration.ofSeconds(10));
  }

  @PreDestroy
  void closeAll() {
    clients.values().forEach(client -> client.upstream().close());
    clients.clear();
    ownKeyClients.values().forEach(client -> client.upstream().close());
    ownKeyClients.clear();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
