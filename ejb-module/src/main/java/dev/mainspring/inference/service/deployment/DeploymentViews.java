package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.modelops.ManagedModel;
import dev.mainspring.inference.model.modelops.ManagedModelRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds the views of deployment profiles and their bindings from the rows they refer to
 * (providers, families, managed models), inside the caller's transaction. Shared by the deployment,
 * capability and runtime-profile answers so they agree on readiness.
 */
@ApplicationScoped
public class DeploymentViews {

  @Inject DeploymentRepository deployments;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ManagedModelRepository models;
  @Inject BindableKnowledgeBases knowledgeBases;

  public DeploymentView of(DeploymentProfile deployment) {
    return DeploymentView.of(deployment, bindings(deployment.getId()));
  }

  /** The profile's bindings, in the order of {@link Capability#ALL}. */
  public List<BindingView> bindings(UUID deploymentId) {
    return deployments.bindings(deploymentId).stream()
        .sorted(
            Comparator.comparingInt(b -> Capability.ALL.indexOf(Capability.of(b.getCapability()))))
        .map(this::binding)
        .toList();
  }

  private BindingView binding(DeploymentBinding b) {
    ProviderInstance provider =
        b.getProviderId() == null ? null : providers.find(b.getProviderId()).orElse(null);
    ProviderFamily family = provider == null ? null : families.get(provider.getFamilyKey());
    Map<UUID, ManagedModel> byId =
        models.listByIds(b.getModelIds()).stream()
            .collect(Collectors.toMap(ManagedModel::getId, Function.identity()));
    List<BindingView.Resource> resources =
        Capability.VECTOR_STORE.equals(b.getCapability())
            ? knowledgeBases(b.getKnowledgeBaseIds())
            : b.getModelIds().stream()
                .map(byId::get)
                .filter(Objects::nonNull)
                .map(BindingView.Resource::of)
                .toList();
    BindingView.Resource defaultResource =
        b.getDefaultModelId() == null || !byId.containsKey(b.getDefaultModelId())
            ? null
            : BindingView.Resource.of(byId.get(b.getDefaultModelId()));
    String status =
        Readiness.ofBinding(
            Capability.of(b.getCapability()),
            provider != null && provider.isEnabled(),
            resources.size(),
            defaultResource != null);
    return new BindingView(
        b.getCapability(),
        provider == null ? null : BindingView.Provider.of(provider, family),
        family == null ? null : family.getProviderOrigin(),
        resources,
        b.getDefaultModelId(),
        defaultResource,
        BindingView.ResourcePolicy.LISTED,
        status);
  }

  /** The bound knowledge bases that still exist, in the binding's order. */
  private List<BindingView.Resource> knowledgeBases(List<UUID> ids) {
    Map<UUID, BindableKnowledgeBases.KnowledgeBaseResource> found =
        knowledgeBases.list(ids).stream()
            .collect(
                Collectors.toMap(
                    BindableKnowledgeBases.KnowledgeBaseResource::id, Function.identity()));
    return ids.stream()
        .map(found::get)
        .filter(Objects::nonNull)
        .map(BindingView.Resource::of)
        .toList();
  }
}
