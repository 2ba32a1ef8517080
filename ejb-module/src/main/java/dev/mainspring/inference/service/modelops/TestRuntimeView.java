package dev.mainspring.inference.service.modelops;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.UUID;

/**
 * A provider instance that could run a model's test, as found just now: whether it answered, the
 * managed model in its loaded-model slot, the model ids it advertises, and whether one of them is
 * the model's {@code provider_model_id} ({@code servesModel}). {@code errorCode} and {@code error}
 * say why it is not reachable ({@code offline_provider_blocked} for a cloud provider while the
 * runtime is offline), as {@link dev.mainspring.inference.service.provider.ProviderError} does.
 */
@JsonbPropertyOrder({
  "providerId",
  "providerSlug",
  "providerKey",
  "providerOrigin",
  "reachable",
  "loadedModelId",
  "servesModel",
  "advertised",
  "errorCode",
  "error"
})
public record TestRuntimeView(
    UUID providerId,
    String providerSlug,
    String providerKey,
    String providerOrigin,
    boolean reachable,
    UUID loadedModelId,
    boolean servesModel,
    List<String> advertised,
    String errorCode,
    String error) {}
