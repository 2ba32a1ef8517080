package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.UpstreamSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
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

  private final Map<UUID, Versioned> clients = new ConcurrentHashMap<>();

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

  /** Forgets the client of a deleted provider. */
  public void forget(UUID providerId) {
    Versioned removed = clients.remove(providerId);
    if (removed != null) {
      removed.upstream().close();
    }
  }

  private UpstreamSettings settingsOf(ProviderInstance provider) {
    String apiKey =
        provider.getApiKeyRef() == null ? null : credentials.resolve(provider.getApiKeyRef());
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
  }
}
