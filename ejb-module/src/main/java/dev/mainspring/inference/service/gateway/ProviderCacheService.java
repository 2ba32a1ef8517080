package dev.mainspring.inference.service.gateway;

import dev.mainspring.billing.service.BillingAdmins;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.service.InstanceInfo;
import dev.mainspring.realtime.service.ClusterSignals;
import dev.mainspring.realtime.service.EventWakeups;
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
  @Inject ClusterSignals signals;
  @Inject EventWakeups wakeups;

  /**
   * What a clear did on the instance that answered; {@code sharedWithOtherInstances} is true when
   * the clear was signalled to every instance through PostgreSQL (each clears its own within
   * moments) and this instance's listening connection is up, false when instances cannot hear it
   * (no {@code DB_URL}, or the connection is down: they clear when it is back).
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

  /**
   * Clears the cache here at once (the count is this instance's) and signals every instance to
   * clear its own ({@link ProviderCacheClearListener}).
   */
  public Cleared clear() {
    admins.require(currentCaller.get());
    int cleared = cache.clear();
    signals.send(ClusterSignals.PROVIDER_MODEL_CACHE_CLEAR);
    return new Cleared(instance.id(), cleared, wakeups.listening());
  }
}
