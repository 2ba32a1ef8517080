package dev.mainspring.knowledge.service.proof;

import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.deployment.Capability;
import dev.mainspring.platform.error.ConflictException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the active deployment's bindings the proof routes act through, in a short transaction of
 * its own (the store and the embeddings are called after it ended).
 */
@Stateless
public class VectorProofTargets {

  /** The vector_store binding's provider instance and its family. */
  public record StoreTarget(UUID providerId, String family) {}

  /** The embeddings binding's default model: its key, and whether it is the built-in one. */
  public record EmbeddingsTarget(String modelKey, boolean builtin) {}

  @Inject DeploymentRepository deployments;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;

  /** 409 {@code vector_store_not_bound} when no active deployment binds a vector_store provider. */
  public StoreTarget store() {
    UUID providerId =
        binding(Capability.VECTOR_STORE)
            .map(DeploymentBinding::getProviderId)
            .orElseThrow(
                () ->
                    new ConflictException(
                        "vector_store_not_bound",
                        "the active deployment binds no vector_store provider"));
    String family =
        providers
            .find(providerId)
            .orElseThrow(
                () ->
                    new ConflictException(
                        "vector_store_not_bound",
                        "the active deployment's vector_store provider is gone"))
            .getFamilyKey();
    return new StoreTarget(providerId, family);
  }

  /**
   * 409 {@code embeddings_not_bound} when the active deployment has no default embeddings model.
   */
  public EmbeddingsTarget embeddings() {
    DeploymentBinding binding =
        binding(Capability.EMBEDDINGS)
            .filter(b -> b.getDefaultModelId() != null)
            .orElseThrow(
                () ->
                    new ConflictException(
                        "embeddings_not_bound",
                        "the active deployment has no default embeddings model to embed text"));
    ManagedModel model = models.get(binding.getDefaultModelId());
    ProviderFamily family = families.get(providers.get(binding.getProviderId()).getFamilyKey());
    return new EmbeddingsTarget(
        model.getModelKey(), ProviderFamily.ADAPTER_BUILTIN.equals(family.getAdapter()));
  }

  private Optional<DeploymentBinding> binding(String capability) {
    return deployments
        .findActive()
        .map(DeploymentProfile::getId)
        .flatMap(id -> deployments.binding(id, capability))
        .filter(b -> b.getProviderId() != null);
  }
}
