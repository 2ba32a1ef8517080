package dev.mainspring.inference.service;

import dev.mainspring.inference.model.deployment.DeploymentRepository;
import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.platform.error.ConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Document C's fail-closed offline mode: while the runtime profile is offline, no cloud provider is
 * validated, activated, resolved or called; each attempt is a 409 {@code offline_provider_blocked}.
 */
@ApplicationScoped
public class OfflineGuard {

  @Inject DeploymentRepository deployments;

  public boolean offline() {
    return deployments.runtimeProfile().isOffline();
  }

  /** Throws when the runtime is offline and {@code family} is a cloud family. */
  public void check(ProviderFamily family) {
    if (family.isCloud() && offline()) {
      throw blocked(family.getKey());
    }
  }

  public static ConflictException blocked(String familyKey) {
    return new ConflictException(
        "offline_provider_blocked",
        "the runtime is offline; the cloud provider family " + familyKey + " is blocked");
  }
}
