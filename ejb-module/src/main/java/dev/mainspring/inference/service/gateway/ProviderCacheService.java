package dev.mainspring.inference.service.gateway;

import dev.mainspring.billing.service.BillingAdmins;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.service.InstanceInfo;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Document E's {@code /api/billing/admin/openrouter-cache} group over {@link ProviderModelCache},
 * for billing admins ({@link BillingAdmins}). No transaction is open: warming calls providers.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProviderCacheService {

  @Inject CurrentCaller currentCaller;
  @Inject BillingAdmins admins;
  @Inject ProviderModelCache cache;
  @Inject InstanceInfo instance;

  /**
   * What a clear did, on which instance; {@code sharedWithOtherInstances} is false: other instances
   * keep their own until they are cleared or their entries expire.
   */
  public record Cleared(String instance, int entriesCleared, boolean sharedWithOtherInstances) {}

  /** The cache of this instance, with the instance's id. */
  public record CacheInfo(String instance, ProviderModelCache.Info cache) {}

  public CacheInfo info() {
    admins.require(currentCaller.get());
    return new CacheInfo(instance.id(), cache.info());
  }

  public CacheInfo warm() {
    admins.require(currentCaller.get());
    return new CacheInfo(instance.id(), cache.warm());
  }

  public Cleared clear() {
    admins.require(currentCaller.get());
    return new Cleared(instance.id(), cache.clear(), false);
  }
}
