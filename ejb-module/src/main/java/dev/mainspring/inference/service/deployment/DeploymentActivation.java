package dev.mainspring.inference.service.deployment;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.deployment.ActivationAuditEvent;
import dev.mainspring.inference.model.deployment.DeploymentBinding;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.inference.service.provider.ProviderProbe;
import dev.mainspring.platform.error.ConflictException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Switches the active deployment profile ({@code POST /v1/platform/deployments/{id}/activate}).
 * While the runtime is offline a profile binding a cloud provider is refused (409 {@code
 * offline_provider_blocked}); otherwise every bound provider is probed and one that is disabled or
 * does not answer refuses the switch (409 {@code provider_preflight_failed}). Both refusals leave a
 * {@code rejected} audit row. Incomplete resources do not block: the profile's configuration status
 * reports them. Activations are serialized across instances.
 */
@Stateless
public class DeploymentActivation {

  @Inject CurrentCaller currentCaller;
  @Inject DeploymentRepository deployments;
  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject ProviderProbe probe;
  @Inject OfflineGuard offline;
  @Inject ActivationAudit audit;
  @Inject DeploymentViews views;
  @Inject PlatformChanges changes;

  private record Bound(ProviderInstance provider, ProviderFamily family) {}

  public DeploymentView activate(@NotNull UUID id) {
    Caller caller = PlatformAdmin.require(currentCaller.get());
    deployments.lockActivation();
    DeploymentProfile target = deployments.get(id);
    UUID previous = deployments.findActive().map(DeploymentProfile::getId).orElse(null);
    if (target.isActive()) {
      auditActivated(target, previous, "already active", caller.userId());
      return views.of(target);
    }
    List<Bound> bound = boundProviders(id);
    if (offline.offline()) {
      for (Bound b : bound) {
        if (b.family().isCloud()) {
          audit.rejected(
              target,
              previous,
              "the runtime is offline; provider "
                  + b.provider().getSlug()
                  + " is of the cloud family "
                  + b.family().getKey(),
              caller.userId());
          throw OfflineGuard.blocked(b.family().getKey());
        }
      }
    }
    List<String> failures = preflight(bound);
    if (!failures.isEmpty()) {
      String detail = "provider preflight failed: " + String.join("; ", failures);
      audit.rejected(target, previous, detail, caller.userId());
      throw new ConflictException("provider_preflight_failed", detail);
    }
    switchTo(target, previous);
    DeploymentView view = views.of(target);
    auditActivated(
        target,
        previous,
        "activated; configuration " + view.configurationStatus(),
        caller.userId());
    changes.changed();
    return view;
  }

  private void switchTo(DeploymentProfile target, UUID previous) {
    if (previous != null) {
      deployments.get(previous).deactivate();
      deployments.flush(); // the partial unique index allows one active profile at a time
    }
    target.activate();
    deployments.flush();
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

  /** Why each failing provider fails: disabled, or its probe's error. */
  private List<String> preflight(List<Bound> bound) {
    List<String> failures = new ArrayList<>();
    for (Bound b : bound) {
      if (!b.provider().isEnabled()) {
        failures.add(b.provider().getSlug() + " is disabled");
        continue;
      }
      ProviderProbe.Result result = probe.probe(b.provider(), b.family());
      if (!result.reachable()) {
        failures.add(b.provider().getSlug() + " is unreachable: " + result.error());
      }
    }
    return failures;
  }

  private void auditActivated(DeploymentProfile target, UUID previous, String detail, UUID actor) {
    deployments.addAudit(
        new ActivationAuditEvent(target, previous, ActivationAuditEvent.ACTIVATED, detail, actor));
  }
}
