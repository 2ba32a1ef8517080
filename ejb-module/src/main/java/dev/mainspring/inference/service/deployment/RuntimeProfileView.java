package dev.mainspring.inference.service.deployment;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The runtime as every caller may see it: the mode, the active deployment profile and, per bound
 * capability, the provider and the managed models it serves.
 */
@JsonbPropertyOrder({"mode", "activeDeployment", "capabilities", "updatedAt", "updatedBy"})
public record RuntimeProfileView(
    String mode,
    ActiveDeployment activeDeployment,
    Map<String, Binding> capabilities,
    Instant updatedAt,
    UUID updatedBy) {

  /** The active deployment profile, in short. */
  @JsonbPropertyOrder({"id", "slug", "displayName"})
  public record ActiveDeployment(UUID id, String slug, String displayName) {}

  /** What powers one capability now. */
  @JsonbPropertyOrder({
    "providerId",
    "providerSlug",
    "providerKey",
    "providerOrigin",
    "configurationStatus",
    "defaultResourceId",
    "defaultResource",
    "resources",
    "resourcePolicy"
  })
  public record Binding(
      UUID providerId,
      String providerSlug,
      String providerKey,
      String providerOrigin,
      String configurationStatus,
      UUID defaultResourceId,
      Resource defaultResource,
      List<Resource> resources,
      BindingView.ResourcePolicy resourcePolicy) {

    static Binding of(BindingView b) {
      BindingView.Provider p = b.provider();
      return new Binding(
          p == null ? null : p.id(),
          p == null ? null : p.slug(),
          p == null ? null : p.providerKey(),
          b.providerOrigin(),
          b.configurationStatus(),
          b.defaultResourceId(),
          b.defaultResource() == null ? null : Resource.of(b.defaultResource()),
          b.resources().stream().map(Resource::of).toList(),
          b.resourcePolicy());
    }
  }

  /** A managed model clients may name, by its key {@code modelId}. */
  @JsonbPropertyOrder({"id", "modelId", "displayName"})
  public record Resource(UUID id, String modelId, String displayName) {

    static Resource of(BindingView.Resource r) {
      return new Resource(r.id(), r.modelId(), r.displayName());
    }
  }
}
