package dev.mainspring.inference.service.deployment;

import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.inference.service.Versions;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deployment profiles of document C's control plane ({@code /v1/platform/deployments}), for
 * superadmins: named sets of capability bindings, of which one is active. Bindings are checked by
 * {@link BindingRules} when saved; activation ({@link DeploymentActivation}) checks the providers.
 * The capability list is open to every caller.
 */
@Stateless
public class DeploymentService {

  /** How many activation attempts the audit answers when the request does not say. */
  public static final int DEFAULT_AUDIT_LIMIT = 50;

  static final int MAX_AUDIT_LIMIT = 200;

  @Inject CurrentCaller currentCaller;
  @Inject DeploymentRepository deployments;
  @Inject DeploymentViews views;
  @Inject BindingRules rules;
  @Inject OfflineGuard offline;
  @Inject PlatformChanges changes;

  /** The five capabilities and their bindings in the active profile; any authenticated caller. */
  public List<CapabilityView> capabilities() {
    currentCaller.get();
    Map<String, BindingView> active =
        deployments.findActive().map(d -> views.bindings(d.getId())).orElse(List.of()).stream()
            .collect(Collectors.toMap(BindingView::capability, Function.identity()));
    return Capability.ALL.stream().map(c -> CapabilityView.of(c, active.get(c.key()))).toList();
  }

  public List<DeploymentView> list() {
    superadmin();
    return deployments.listAll().stream().map(views::of).toList();
  }

  public DeploymentView get(@NotNull UUID id) {
    superadmin();
    return views.of(deployments.get(id));
  }

  public DeploymentView create(@NotNull @Valid DeploymentRequest request) {
    superadmin();
    List<BindingRules.Checked> bindings = checkAll(request.bindingsOrNone());
    requireFreeSlug(request.slug(), null);
    DeploymentProfile deployment =
        new DeploymentProfile(request.slug(), request.displayName(), request.description());
    deployments.add(deployment);
    deployments.flush();
    for (BindingRules.Checked checked : bindings) {
      addBinding(deployment, checked);
    }
    deployments.flush();
    changes.changed();
    return views.of(deployment);
  }

  /** Changes the identity only: slug, display name, description; members left out stay. */
  public DeploymentView update(
      @NotNull UUID id, @NotNull @Valid DeploymentChanges request, Long expectedVersion) {
    superadmin();
    DeploymentProfile deployment = deployments.get(id);
    Versions.check("deployment " + id, deployment.getVersion(), expectedVersion);
    if (request.slug() != null) {
      requireFreeSlug(request.slug(), id);
    }
    String description =
        request.description() == null ? deployment.getDescription() : request.description();
    deployment.rename(
        Optional.ofNullable(request.slug()).orElse(deployment.getSlug()),
        Optional.ofNullable(request.displayName()).orElse(deployment.getDisplayName()),
        description == null || description.isEmpty() ? null : description);
    deployments.save(deployment);
    changes.changed();
    return views.of(deployment);
  }

  /** Replaces identity and bindings; a capability left out is unbound. */
  public DeploymentView replace(
      @NotNull UUID id, @NotNull @Valid DeploymentRequest request, Long expectedVersion) {
    superadmin();
    DeploymentProfile deployment = deployments.get(id);
    Versions.check("deployment " + id, deployment.getVersion(), expectedVersion);
    List<BindingRules.Checked> wanted = checkAll(request.bindingsOrNone());
    requireFreeSlug(request.slug(), id);
    checkOffline(deployment, wanted);
    Set<String> kept = new HashSet<>();
    for (BindingRules.Checked checked : wanted) {
      kept.add(checked.capability());
      saveBinding(deployment, checked);
    }
    for (DeploymentBinding binding : deployments.bindings(id)) {
      if (!kept.contains(binding.getCapability())) {
        deployments.removeBinding(binding);
      }
    }
    deployment.rename(request.slug(), request.displayName(), request.description());
    deployments.save(deployment);
    changes.changed();
    return views.of(deployment);
  }

  /** Creates or replaces the binding of one capability. */
  public DeploymentView putBinding(
      @NotNull UUID id, @NotNull String capability, @NotNull BindingChange change) {
    superadmin();
    DeploymentProfile deployment = deployments.get(id);
    BindingRules.Checked checked = rules.check(capability, change);
    checkOffline(deployment, List.of(checked));
    saveBinding(deployment, checked);
    deployment.touch();
    deployments.flush();
    changes.changed();
    return views.of(deployment);
  }

  /** A copy of the profile and its bindings under a new slug, inactive. */
  public DeploymentView copy(@NotNull UUID id, @NotNull @Valid CloneRequest request) {
    superadmin();
    DeploymentProfile source = deployments.get(id);
    requireFreeSlug(request.slug(), null);
    DeploymentProfile copy =
        new DeploymentProfile(
            request.slug(),
            request.displayName() == null ? source.getDisplayName() : request.displayName(),
            source.getDescription());
    deployments.add(copy);
    deployments.flush();
    for (DeploymentBinding binding : deployments.bindings(id)) {
      DeploymentBinding copied = new DeploymentBinding(copy.getId(), binding.getCapability());
      copied.set(binding.getProviderId(), binding.getResourceIds(), binding.getDefaultModelId());
      deployments.addBinding(copied);
    }
    deployments.flush();
    changes.changed();
    return views.of(copy);
  }

  /** Deletes an inactive profile; 409 {@code deployment_active} for the active one. */
  public void delete(@NotNull UUID id, Long expectedVersion) {
    superadmin();
    DeploymentProfile deployment = deployments.get(id);
    Versions.check("deployment " + id, deployment.getVersion(), expectedVersion);
    if (deployment.isActive()) {
      throw new ConflictException(
          "deployment_active",
          "deployment " + deployment.getSlug() + " is active; activate another one first");
    }
    deployments.bindings(id).forEach(deployments::removeBinding);
    deployments.flush();
    deployments.remove(deployment);
    deployments.flush();
    changes.changed();
  }

  /** Activation attempts, newest first; {@code limit} 1 to 200. */
  public List<ActivationEventView> audit(int limit) {
    superadmin();
    if (limit < 1 || limit > MAX_AUDIT_LIMIT) {
      throw new InvalidRequestException(
          "invalid_limit", "limit must be between 1 and " + MAX_AUDIT_LIMIT + ", was " + limit);
    }
    return deployments.audit(limit).stream().map(ActivationEventView::of).toList();
  }

  private List<BindingRules.Checked> checkAll(List<BindingRequest> requested) {
    Set<String> capabilities = new HashSet<>();
    for (BindingRequest binding : requested) {
      if (!capabilities.add(binding.capability())) {
        throw new InvalidRequestException(
            "duplicate_capability", "the capability " + binding.capability() + " is bound twice");
      }
    }
    return requested.stream().map(b -> rules.check(b.capability(), b.change())).toList();
  }

  /**
   * Fail-closed offline mode: while offline, the active profile cannot be given a cloud provider
   * (that would bypass the activation check).
   */
  private void checkOffline(DeploymentProfile deployment, List<BindingRules.Checked> bindings) {
    if (deployment.isActive()) {
      bindings.forEach(b -> offline.check(b.family()));
    }
  }

  private void saveBinding(DeploymentProfile deployment, BindingRules.Checked checked) {
    Optional<DeploymentBinding> existing =
        deployments.binding(deployment.getId(), checked.capability());
    if (existing.isPresent()) {
      existing.get().set(checked.providerId(), checked.resources(), checked.defaultResourceId());
    } else {
      addBinding(deployment, checked);
    }
  }

  private void addBinding(DeploymentProfile deployment, BindingRules.Checked checked) {
    DeploymentBinding binding = new DeploymentBinding(deployment.getId(), checked.capability());
    binding.set(checked.providerId(), checked.resources(), checked.defaultResourceId());
    deployments.addBinding(binding);
  }

  private void requireFreeSlug(String slug, UUID exceptId) {
    deployments
        .findBySlug(slug)
        .filter(other -> !other.getId().equals(exceptId))
        .ifPresent(
            other -> {
              throw DeploymentRepository.slugTaken(slug);
            });
  }

  private void superadmin() {
    PlatformAdmin.require(currentCaller.get());
  }
}
