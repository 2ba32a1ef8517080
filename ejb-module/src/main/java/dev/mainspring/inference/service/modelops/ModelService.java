package dev.mainspring.inference.service.modelops;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.gateway.UsageRecordRepository;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * ModelOps managed models (document C's {@code /v1/modelops/models}): superadmins create a model on
 * a provider instance and move it through its lifecycle ({@link ModelTransition}); only an active
 * model whose latest validation is current and succeeded may be bound into a deployment. Validation
 * and tests are {@link ModelCheckService}'s.
 */
@Stateless
public class ModelService {

  /** The capabilities a managed model can have. */
  public static final Set<String> CAPABILITIES = Set.of("llm_inference", "embeddings");

  private static final Set<String> STATUSES =
      Set.of(
          ManagedModel.DRAFT,
          ManagedModel.REGISTERED,
          ManagedModel.ACTIVE,
          ManagedModel.INACTIVE,
          ManagedModel.UNREGISTERED);

  @Inject CurrentCaller currentCaller;
  @Inject ManagedModelRepository models;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject UsageRecordRepository usage;
  @Inject PlatformChanges changes;

  public ModelView create(@NotNull @Valid NewModel request) {
    Caller caller = superadmin();
    if (request.capability() == null || !CAPABILITIES.contains(request.capability())) {
      throw new InvalidRequestException(
          "invalid_capability", "capability must be llm_inference or embeddings");
    }
    ProviderInstance provider =
        providers
            .find(request.providerId())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "unknown_provider", "there is no provider " + request.providerId()));
    String providerCapability = families.get(provider.getFamilyKey()).getCapability();
    if (!providerCapability.equals(request.capability())) {
      throw new InvalidRequestException(
          "provider_capability_mismatch",
          "provider "
              + provider.getSlug()
              + " serves "
              + providerCapability
              + ", not "
              + request.capability());
    }
    if (models.findByKey(request.modelId()).isPresent()) {
      throw ManagedModelRepository.keyTaken(request.modelId());
    }
    ManagedModel model =
        new ManagedModel(
            request.modelId(),
            request.displayName(),
            request.capability(),
            provider.getId(),
            request.providerModelId(),
            request.contextWindow(),
            caller.userId());
    models.add(model);
    models.flush();
    changes.changed();
    return ModelView.of(model);
  }

  /** The models, by key; {@code capability} and {@code status} filter when not null. */
  public List<ModelView> list(String capability, String status) {
    superadmin();
    if (capability != null && !CAPABILITIES.contains(capability)) {
      throw new InvalidRequestException(
          "invalid_capability", "capability must be llm_inference or embeddings");
    }
    if (status != null && !STATUSES.contains(status)) {
      throw new InvalidRequestException("invalid_status", "there is no model status " + status);
    }
    return models.listAll().stream()
        .filter(m -> capability == null || m.getCapability().equals(capability))
        .filter(m -> status == null || m.getStatus().equals(status))
        .map(ModelView::of)
        .toList();
  }

  public ModelView get(@NotNull UUID id) {
    superadmin();
    return ModelView.of(models.get(id));
  }

  public ModelView register(@NotNull UUID id) {
    return move(id, ModelTransition.REGISTER);
  }

  /** Activates a registered or inactive model whose latest validation is current and passed. */
  public ModelView activate(@NotNull UUID id) {
    superadmin();
    ManagedModel model = models.get(id);
    String next = ModelTransition.ACTIVATE.from(model.getStatus());
    if (!model.isValidationCurrent() || !"success".equals(model.getLastValidationStatus())) {
      throw new ConflictException(
          "model_not_validated",
          "the model's latest validation must be current and successful; validate it first");
    }
    return save(model, next);
  }

  /** Deactivates an active model that the active deployment profile does not bind. */
  public ModelView deactivate(@NotNull UUID id) {
    superadmin();
    ManagedModel model = models.get(id);
    String next = ModelTransition.DEACTIVATE.from(model.getStatus());
    if (models.countActiveBindings(id) > 0) {
      throw inUse("the active deployment profile binds the model");
    }
    return save(model, next);
  }

  /** Unregisters a model that no deployment profile binds. */
  public ModelView unregister(@NotNull UUID id) {
    superadmin();
    ManagedModel model = models.get(id);
    String next = ModelTransition.UNREGISTER.from(model.getStatus());
    if (models.countBindings(id) > 0) {
      throw inUse("a deployment profile binds the model");
    }
    return save(model, next);
  }

  /** Deletes a draft or unregistered model that no deployment profile binds. */
  public void delete(@NotNull UUID id) {
    superadmin();
    ManagedModel model = models.get(id);
    ModelTransition.checkDeletable(model.getStatus());
    if (models.countBindings(id) > 0) {
      throw inUse("a deployment profile binds the model");
    }
    models.remove(model);
    models.flush();
    changes.changed();
  }

  /** What the gateway served with the model, summed over every organization. */
  public ModelUsageView usage(@NotNull UUID id) {
    superadmin();
    ManagedModel model = models.get(id);
    return ModelUsageView.of(model.getId(), usage.modelTotals(model.getId()));
  }

  private ModelView move(UUID id, ModelTransition transition) {
    superadmin();
    ManagedModel model = models.get(id);
    return save(model, transition.from(model.getStatus()));
  }

  private ModelView save(ManagedModel model, String status) {
    model.setStatus(status);
    models.flush();
    changes.changed();
    return ModelView.of(model);
  }

  private static ConflictException inUse(String why) {
    return ManagedModelRepository.inUse(why);
  }

  private Caller superadmin() {
    return PlatformAdmin.require(currentCaller.get());
  }
}
