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

  /**
   * A bound resource: a managed model ({@code refType} {@code managed_model}; {@code modelId} is
   * the key clients name it by) or, in a vector_store binding, a knowledge base ({@code refType}
   * {@code knowledge_base}, with {@code knowledgeBaseId} and its index as {@code
   * providerResourceId}, as document C names them).
   */
  @JsonbPropertyOrder({
    "id",
    "refType",
    "modelId",
    "knowledgeBaseId",
    "displayName",
    "providerModelId",
    "providerResourceId"
  })
  public record Resource(
      UUID id,
      String refType,
      String modelId,
      UUID knowledgeBaseId,
      String displayName,
      String providerModelId,
      String providerResourceId) {

    static Resource of(ManagedModel m) {
      return new Resource(
          m.getId(),
          "managed_model",
          m.getModelKey(),
          null,
          m.getDisplayName(),
          m.getProviderModelId(),
          m.getProviderModelId());
    }

    static Resource of(BindableKnowledgeBases.KnowledgeBaseResource kb) {
      return new Resource(
          kb.id(), "knowledge_base", null, kb.id(), kb.displayName(), null, kb.indexName());
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
