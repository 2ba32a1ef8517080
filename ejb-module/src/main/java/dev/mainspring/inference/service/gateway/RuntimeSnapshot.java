package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ModelAccess;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderInstance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the gateway serves right now: the runtime mode and, per model-bearing capability of the
 * active deployment profile, the provider and the models it allows. Immutable; {@link
 * RuntimeSnapshots} replaces it when the configuration changes.
 */
public record RuntimeSnapshot(
    boolean offline, UUID deploymentId, String deploymentSlug, Map<String, Bound> capabilities) {

  /** One capability's binding: its provider and allowed models (the default first). */
  public record Bound(
      ProviderInstance provider,
      ProviderFamily family,
      List<Model> models,
      Optional<Model> defaultModel) {

    public Optional<Model> model(String key) {
      return models.stream().filter(m -> m.key().equals(key)).findFirst();
    }
  }

  /** A bound model and who may use it ({@code access} null: everyone). */
  public record Model(
      UUID id,
      String key,
      String displayName,
      String capability,
      String providerModelId,
      Integer contextWindow,
      long createdEpochSeconds,
      ModelAccess access) {

    static Model of(ManagedModel model, ModelAccess access) {
      return new Model(
          model.getId(),
          model.getModelKey(),
          model.getDisplayName(),
          model.getCapability(),
          model.getProviderModelId(),
          model.getContextWindow(),
          model.getCreatedAt().getEpochSecond(),
          access);
    }
  }

  public Optional<Bound> capability(String capability) {
    return Optional.ofNullable(capabilities.get(capability));
  }
}
