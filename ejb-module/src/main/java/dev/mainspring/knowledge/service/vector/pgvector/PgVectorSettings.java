package dev.mainspring.knowledge.service.vector.pgvector;

import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.provider.CredentialService;
import dev.mainspring.inference.service.provider.PostgresEndpoints;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads how to reach a pgvector provider instance, in a short transaction of its own that ends
 * before {@link PgVectorConnections} connects: the endpoint, the login from the saved credential
 * its {@code secret_refs.api_key} names ({@code user:password}; without one, the user {@code
 * postgres} and no password) and the connect timeout.
 */
@Stateless
public class PgVectorSettings {

  /** The user when the provider names no credential. */
  static final String DEFAULT_USER = "postgres";

  /**
   * A provider instance's connection settings; {@code version} changes whenever the instance does.
   */
  public record Settings(
      UUID provider,
      long version,
      String endpoint,
      String user,
      String password,
      int connectTimeoutMs) {

    @Override
    public String toString() {
      return "Settings[provider=" + provider + ", version=" + version + "]";
    }
  }

  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject CredentialService credentials;

  /**
   * The settings of an enabled PostgreSQL-adapter instance with an endpoint and a readable
   * credential; empty otherwise.
   */
  public Optional<Settings> of(UUID providerId) {
    if (providerId == null) {
      return Optional.empty();
    }
    Optional<ProviderInstance> found = providers.find(providerId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ProviderInstance provider = found.get();
    ProviderFamily family = families.get(provider.getFamilyKey());
    if (!ProviderFamily.ADAPTER_POSTGRESQL.equals(family.getAdapter())
        || !provider.isEnabled()
        || provider.getEndpointUrl() == null) {
      return Optional.empty();
    }
    String user = DEFAULT_USER;
    String password = null;
    if (provider.getApiKeyRef() != null) {
      Optional<String> secret = credentials.find(provider.getApiKeyRef());
      if (secret.isEmpty()) {
        return Optional.empty();
      }
      int colon = secret.get().indexOf(':');
      user = colon < 0 ? secret.get() : secret.get().substring(0, colon);
      password = colon < 0 ? null : secret.get().substring(colon + 1);
    }
    return Optional.of(
        new Settings(
            provider.getId(),
            provider.getVersion(),
            PostgresEndpoints.check(provider.getEndpointUrl()),
            user,
            password,
            provider.getConnectTimeoutMs()));
  }
}
