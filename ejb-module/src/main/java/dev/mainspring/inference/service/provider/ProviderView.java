package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderInstance;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A provider instance as it is shown. {@code secretRefs} holds references ({@code
 * modelops://credential/<id>}), never secret values; {@code providerOrigin} and {@code capability}
 * are the family's.
 */
@JsonbPropertyOrder({
  "id",
  "slug",
  "displayName",
  "description",
  "providerKey",
  "capability",
  "providerOrigin",
  "endpointUrl",
  "secretRefs",
  "enabled",
  "config",
  "loadedModelId",
  "version",
  "createdAt",
  "updatedAt"
})
public record ProviderView(
    UUID id,
    String slug,
    String displayName,
    String description,
    String providerKey,
    String capability,
    String providerOrigin,
    String endpointUrl,
    Map<String, String> secretRefs,
    boolean enabled,
    ProviderConfig config,
    UUID loadedModelId,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  /** The only key of {@code secret_refs}. */
  public static final String API_KEY = "api_key";

  static ProviderView of(ProviderInstance p, ProviderFamily family) {
    return new ProviderView(
        p.getId(),
        p.getSlug(),
        p.getDisplayName(),
        p.getDescription(),
        family.getKey(),
        family.getCapability(),
        family.getProviderOrigin(),
        p.getEndpointUrl(),
        p.getApiKeyRef() == null ? Map.of() : Map.of(API_KEY, p.getApiKeyRef()),
        p.isEnabled(),
        ProviderConfig.of(p),
        p.getLoadedModelId(),
        p.getVersion(),
        p.getCreatedAt(),
        p.getUpdatedAt());
  }
}
