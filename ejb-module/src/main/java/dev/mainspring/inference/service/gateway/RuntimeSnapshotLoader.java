package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.modelops.ModelAccess;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the gateway's {@link RuntimeSnapshot} from the control plane's tables in one transaction:
 * one connection for all its queries, taken once rather than per query, and the same transaction
 * rules as every other read of the database.
 */
@Stateless
public class RuntimeSnapshotLoader {

  static final List<String> MODEL_CAPABILITIES = List.of("llm_inference", "embeddings");

  @Inject DeploymentRepository deployments;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;

  /** The runtime mode and the active profile's model-bearing bindings as they are now. */
  public RuntimeSnapshot load() {
    boolean offline = deployments.runtimeProfile().isOffline();
    Optional<DeploymentProfile> active = deployments.findActive();
    if (active.isEmpty()) {
      return new RuntimeSnapshot(offline, null, null, Map.of());
    }
    Map<UUID, ModelAccess> access =
        models.allAccess().stream()
            .collect(Collectors.toMap(ModelAccess::getModelId, Function.identity()));
    Map<String, RuntimeSnapshot.Bound> bound = new HashMap<>();
    for (DeploymentBinding binding : deployments.bindings(active.get().getId())) {
      if (!MODEL_CAPABILITIES.contains(binding.getCapability())
          || binding.getProviderId() == null) {
        continue;
      }
      Optional<ProviderInstance> provider = providers.find(binding.getProviderId());
      if (provider.isEmpty()) {
        continue;
      }
      ProviderFamily family = families.get(provider.get().getFamilyKey());
      Map<UUID, ManagedModel> byId =
          models.listByIds(binding.getModelIds()).stream()
              .collect(Collectors.toMap(ManagedModel::getId, Function.identity()));
      List<RuntimeSnapshot.Model> allowed = new ArrayList<>();
      RuntimeSnapshot.Model defaultModel = null;
      for (UUID id : binding.getModelIds()) {
        ManagedModel model = byId.get(id);
        if (model == null || !ManagedModel.ACTIVE.equals(model.getStatus())) {
          continue;
        }
        RuntimeSnapshot.Model entry = RuntimeSnapshot.Model.of(model, access.get(id));
        allowed.add(entry);
        if (id.equals(binding.getDefaultModelId())) {
          defaultModel = entry;
        }
      }
      bound.put(
          binding.getCapability(),
          new RuntimeSnapshot.Bound(
              provider.get(), family, List.copyOf(allowed), Optional.ofNullable(defaultModel)));
    }
    return new RuntimeSnapshot(
        offline, active.get().getId(), active.get().getSlug(), Map.copyOf(bound));
  }
}
