package dev.mainspring.inference.service.deployment;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.model.deployment.DeploymentProfile;
import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.deployment.RuntimeProfile;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.PlatformChanges;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Document C's runtime profile ({@code /v1/runtime/profile}): the global mode and what the active
 * deployment profile binds. Every authenticated caller (users and API keys) may read it; only a
 * superadmin switches the mode, and not to offline while the active profile binds a cloud provider
 * (409 {@code offline_provider_blocked}).
 */
@Stateless
public class RuntimeProfileService {

  private static final String CLOUD = "cloud";

  @Inject CurrentCaller currentCaller;
  @Inject DeploymentRepository deployments;
  @Inject DeploymentViews views;
  @Inject PlatformChanges changes;

  public RuntimeProfileView get() {
    currentCaller.get();
    return view();
  }

  public RuntimeProfileView setMode(@NotNull ModeChange change) {
    Caller caller = PlatformAdmin.require(currentCaller.get());
    String mode = change.mode();
    if (!RuntimeProfile.ONLINE.equals(mode) && !RuntimeProfile.OFFLINE.equals(mode)) {
      throw new InvalidRequestException("invalid_mode", "mode must be online or offline");
    }
    deployments.lockActivation();
    if (RuntimeProfile.OFFLINE.equals(mode)) {
      requireNoActiveCloudBinding();
    }
    deployments.runtimeProfile().setMode(mode, caller.userId());
    deployments.flush();
    changes.changed();
    return view();
  }

  private void requireNoActiveCloudBinding() {
    Optional<DeploymentProfile> active = deployments.findActive();
    if (active.isEmpty()) {
      return;
    }
    for (BindingView binding : views.bindings(active.get().getId())) {
      if (binding.provider() != null && CLOUD.equals(binding.providerOrigin())) {
        throw OfflineGuard.blocked(binding.provider().providerKey());
      }
    }
  }

  private RuntimeProfileView view() {
    RuntimeProfile profile = deployments.runtimeProfile();
    Optional<DeploymentProfile> active = deployments.findActive();
    Map<String, RuntimeProfileView.Binding> capabilities = new LinkedHashMap<>();
    active.ifPresent(
        d ->
            views
                .bindings(d.getId())
                .forEach(b -> capabilities.put(b.capability(), RuntimeProfileView.Binding.of(b))));
    return new RuntimeProfileView(
        profile.getMode(),
        active
            .map(
                d ->
                    new RuntimeProfileView.ActiveDeployment(
                        d.getId(), d.getSlug(), d.getDisplayName()))
            .orElse(null),
        capabilities,
        profile.getUpdatedAt(),
        profile.getUpdatedBy());
  }
}
