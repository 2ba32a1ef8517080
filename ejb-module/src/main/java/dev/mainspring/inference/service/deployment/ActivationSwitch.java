package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.model.deployment.ActivationAuditEvent;
import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.platform.error.ConflictException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The transactional halves of {@link DeploymentActivation}: {@link #plan} reads the profile and the
 * providers it binds; after the preflight has probed them outside any transaction, {@link #commit}
 * takes the activation lock, checks that nothing the preflight relied on changed meanwhile, and
 * switches. The lock is held for the switch alone, never while a provider is being called.
 */
@Stateless
public class ActivationSwitch {

  @Inject DeploymentRepository deployments;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject OfflineGuard offline;
  @Inject ActivationAudit audit;
  @Inject DeploymentViews views;
  @Inject PlatformChanges changes;

  /** A bound provider instance with its family, detached. */
  public record Bound(ProviderInstance provider, ProviderFamily family) {}

  /**
   * What the preflight checks: the profile's version and the providers it binds, each once in
   * capability order. {@code alreadyActive} holds the answer when the profile is active already.
   */
  public record Plan(
      UUID deploymentId, long version, List<Bound> bound, DeploymentView alreadyActive) {}

  /**
   * Reads the profile to activate (404 {@code deployment_not_found}). An active one is answered at
   * once (audited {@code already active}); while the runtime is offline, one binding a cloud
   * provider is refused (409 {@code offline_provider_blocked}, audited).
   */
  public Plan plan(UUID id, UUID actor) {
    DeploymentProfile target = deployments.get(id);
    UUID previous = deployments.findActive().map(DeploymentProfile::getId).orElse(null);
    if (target.isActive()) {
      auditActivated(target, previous, "already active", actor);
      return new Plan(id, target.getVersion(), List.of(), views.of(target));
    }
    List<Bound> bound = boundProviders(id);
    refuseCloudWhileOffline(target, previous, bound, actor);
    return new Plan(id, target.getVersion(), bound, null);
  }

  /**
   * Switches to the planned profile under the activation lock, unless meanwhile the profile or one
   * of its providers changed (409 {@code concurrent_modification}), the runtime went offline with a
   * cloud provider bound (409 {@code offline_provider_blocked}), or the preflight found failures
   * (409 {@code provider_preflight_failed}, whose detail names each). Each refusal is audited. When
   * another request activated the same profile meanwhile, it is answered as already active.
   */
  public DeploymentView commit(Plan plan, List<String> failures, UUID actor) {
    deployments.lockActivation();
    DeploymentProfile target = deployments.get(plan.deploymentId());
    UUID previous = deployments.findActive().map(DeploymentProfile::getId).orElse(null);
    if (target.isActive()) {
      auditActivated(target, previous, "already active", actor);
      return views.of(target);
    }
    List<Bound> now = boundProviders(target.getId());
    if (target.getVersion() != plan.version() || !sameProviders(plan.bound(), now)) {
      String detail =
          "the profile or a provider it binds changed while the providers were being checked;"
              + " activate again";
      audit.rejected(target, previous, detail, actor);
      throw new ConflictException("concurrent_modification", detail);
    }
    refuseCloudWhileOffline(target, previous, now, actor);
    if (!failures.isEmpty()) {
      String detail = "provider preflight failed: " + String.join("; ", failures);
      audit.rejected(target, previous, detail, actor);
      throw new ConflictException("provider_preflight_failed", detail);
    }
    if (previous != null) {
      deployments.get(previous).deactivate();
      deployments.flush(); // the partial unique index allows one active profile at a time
    }
    target.activate();
    deployments.flush();
    DeploymentView view = views.of(target);
    auditActivated(
        target, previous, "activated; configuration " + view.configurationStatus(), actor);
    changes.changed();
    return view;
  }

  private void refuseCloudWhileOffline(
      DeploymentProfile target, UUID previous, List<Bound> bound, UUID actor) {
    if (!offline.offline()) {
      return;
    }
    for (Bound b : bound) {
      if (b.family().isCloud()) {
        audit.rejected(
            target,
            previous,
            "the runtime is offline; provider "
                + b.provider().getSlug()
                + " is of the cloud family "
                + b.family().getKey(),
            actor);
        throw OfflineGuard.blocked(b.family().getKey());
      }
    }
  }

  /** Whether the same provider instances are bound, each in the configuration that was probed. */
  private static boolean sameProviders(List<Bound> probed, List<Bound> now) {
    if (probed.size() != now.size()) {
      return false;
    }
    for (int i = 0; i < probed.size(); i++) {
      ProviderInstance before = probed.get(i).provider();
      ProviderInstance after = now.get(i).provider();
      if (!before.getId().equals(after.getId()) || before.getVersion() != after.getVersion()) {
        return false;
      }
    }
    return true;
  }

  /** Each bound provider once, in capability order. */
  private List<Bound> boundProviders(UUID deploymentId) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (DeploymentBinding binding : deployments.bindings(deploymentId)) {
      if (binding.getProviderId() != null) {
        ids.add(binding.getProviderId());
      }
    }
    List<Bound> bound = new ArrayList<>();
    for (UUID providerId : ids) {
      ProviderInstance provider = providers.get(providerId);
      bound.add(new Bound(provider, families.get(provider.getFamilyKey())));
    }
    return bound;
  }

  private void auditActivated(DeploymentProfile target, UUID previous, String detail, UUID actor) {
    deployments.addAudit(
        new ActivationAuditEvent(target, previous, ActivationAuditEvent.ACTIVATED, detail, actor));
  }
}
