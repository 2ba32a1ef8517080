package dev.mainspring.knowledge.service;

import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.modelops.BuiltinModels;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /v1/context/vectorization-options} (admins): the vectorization modes and the platform
 * embeddings targets a knowledge base may be created with, read from the active deployment's
 * embeddings binding plus the built-in model, which works with nothing else installed.
 */
@Stateless
public class VectorizationOptionsService {

  static final String ACTIVE_DEPLOYMENT = "active_deployment";
  static final String BUILTIN = "builtin";

  @Inject CurrentCaller currentCaller;
  @Inject DeploymentRepository deployments;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;

  public VectorizationOptionsView options() {
    ContextAccess.reader(currentCaller.get());
    List<VectorizationOptionsView.Target> targets = new ArrayList<>();
    Optional<DeploymentBinding> binding =
        deployments
            .findActive()
            .flatMap(d -> deployments.binding(d.getId(), KnowledgeBaseService.EMBEDDINGS))
            .filter(b -> b.getProviderId() != null);
    Optional<ProviderInstance> builtinProvider = providers.findBySlug(BuiltinModels.PROVIDER_SLUG);
    Optional<ManagedModel> builtinModel = models.findByKey(BuiltinModels.EMBEDDINGS);
    boolean builtinOffered = false;
    if (binding.isPresent()) {
      DeploymentBinding b = binding.get();
      List<ManagedModel> bound = new ArrayList<>(models.listByIds(b.getModelIds()));
      if (builtinModel.isPresent()
          && builtinModel.get().getProviderId() != null
          && builtinModel.get().getProviderId().equals(b.getProviderId())) {
        builtinOffered = true;
        if (bound.stream().noneMatch(m -> m.getId().equals(builtinModel.get().getId()))) {
          bound.add(builtinModel.get());
        }
      }
      providers
          .find(b.getProviderId())
          .ifPresent(p -> targets.add(target(p, ACTIVE_DEPLOYMENT, b.getDefaultModelId(), bound)));
    }
    if (!builtinOffered && builtinProvider.isPresent() && builtinModel.isPresent()) {
      targets.add(
          target(
              builtinProvider.get(),
              BUILTIN,
              builtinModel.get().getId(),
              List.of(builtinModel.get())));
    }
    return new VectorizationOptionsView(
        List.of(Vectorization.PLATFORM_EMBEDDINGS, Vectorization.SELF_PROVIDED), targets);
  }

  private VectorizationOptionsView.Target target(
      ProviderInstance provider, String source, UUID defaultId, List<ManagedModel> resources) {
    ProviderFamily family = families.get(provider.getFamilyKey());
    return new VectorizationOptionsView.Target(
        provider.getId(),
        provider.getSlug(),
        family.getKey(),
        family.getProviderOrigin(),
        source,
        defaultId,
        resources.stream()
            .map(
                m ->
                    new VectorizationOptionsView.Resource(
                        m.getId(), m.getModelKey(), m.getDisplayName(), m.getContextWindow()))
            .toList());
  }
}
