package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderFamilyRepository;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.model.provider.ProviderInstanceRepository;
import dev.mainspring.inference.service.OfflineGuard;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Reads a provider instance to be called, in a short transaction of its own, so that the caller can
 * make the call after it ended ({@link ProviderProbe} refuses to run inside one).
 */
@Stateless
public class ProviderTargets {

  @Inject ProviderInstanceRepository providers;
  @Inject ProviderFamilyRepository families;
  @Inject OfflineGuard offline;

  /** A provider instance and its family, detached. */
  public record Target(ProviderInstance provider, ProviderFamily family) {}

  /**
   * The provider to check: 404 {@code provider_not_found}; 409 {@code offline_provider_blocked} for
   * a cloud family while the runtime is offline.
   */
  public Target forCheck(UUID id) {
    ProviderInstance provider = providers.get(id);
    ProviderFamily family = families.get(provider.getFamilyKey());
    offline.check(family);
    return new Target(provider, family);
  }
}
