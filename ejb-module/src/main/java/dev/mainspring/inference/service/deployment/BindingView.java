package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderInstance;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.UUID;

/**
 * One capability binding of a deployment profile as it is shown: the provider (null only if it no
 * longer exists), the managed models it allows, the default one, and whether it is ready.
 */
@JsonbPropertyOrder({
  "capability",
  "provider",
  "providerOrigin",
  "resources",
  "defaultResourceId",
  "defaultResource",
  "resourcePolicy",
  "configurationStatus"
})
public record BindingView(
    String capability,
    Provider provider,
    String providerOrigin,
    List<Resource> resources,
    UUID defaultResourceId,
    Resource defaultResource,
    ResourcePolicy resourcePolicy,
    String configurationStatus) {

  /** The bound provider instance, in short. */
  @JsonbPropertyOrder({"id", "slug", "displayName", "providerKey", "providerOrigin", "enabled"})
  public record Provider(
      UUID id,
      String slug,
      String displayName,
      String providerKey,
      String providerOrigin,
      boolean enabled) {

    static Provider of(ProviderInstance p, ProviderFamily family) {
      return new Provider(
          p.getId(),
          p.getSlug(),
          p.getDisplayName(),
          family.getKey(),
          family.getProviderOrigin(),
          p.isEnabled());
    }
  }

  /** A bound managed model; {@code modelId} is the key clients name it by. */
  @JsonbPropertyOrder({"id", "modelId", "displayName", "providerModelId"})
  public record Resource(UUID id, String modelId, String displayName, String providerModelId) {

    static Resource of(ManagedModel m) {
      return new Resource(m.getId(), m.getModelKey(), m.getDisplayName(), m.getProviderModelId());
    }
  }

  /**
   * Which resources the binding allows: {@code listed}, exactly those in {@code resources} (the
   * only policy so far).
   */
  public record ResourcePolicy(String mode) {

    static final ResourcePolicy LISTED = new ResourcePolicy("listed");
  }
}
