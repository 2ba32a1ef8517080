package dev.mainspring.knowledge.service;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.UUID;

/**
 * What a new knowledge base may choose for its vectorization: the {@code modes}, and for {@code
 * vanessa_embeddings} the embeddings targets: the active deployment's embeddings binding ({@code
 * source} {@code active_deployment}) and the built-in model ({@code source} {@code builtin}) when
 * the binding does not already offer it.
 */
@JsonbPropertyOrder({"modes", "embeddingsTargets"})
public record VectorizationOptionsView(List<String> modes, List<Target> embeddingsTargets) {

  /** An embeddings provider instance with the models a knowledge base may name on it. */
  @JsonbPropertyOrder({
    "providerId",
    "providerSlug",
    "providerKey",
    "providerOrigin",
    "source",
    "defaultResourceId",
    "resources"
  })
  public record Target(
      UUID providerId,
      String providerSlug,
      String providerKey,
      String providerOrigin,
      String source,
      UUID defaultResourceId,
      List<Resource> resources) {}

  /** A managed embeddings model; {@code modelId} is the key clients name it by. */
  @JsonbPropertyOrder({"id", "modelId", "displayName", "contextWindow"})
  public record Resource(UUID id, String modelId, String displayName, Integer contextWindow) {}
}
