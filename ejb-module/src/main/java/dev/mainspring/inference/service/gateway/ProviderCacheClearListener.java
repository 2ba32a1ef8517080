package dev.mainspring.inference.service.gateway;

import dev.mainspring.realtime.service.ClusterSignals;
import dev.mainspring.realtime.service.EventWakeups;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Clears this instance's {@link ProviderModelCache} when any instance clears its own ({@link
 * ClusterSignals#PROVIDER_MODEL_CACHE_CLEAR} through PostgreSQL). Subscribed from the start, so an
 * instance hears a clear however it was started. A wake-up after the listening connection was down
 * clears too: a clear sent meanwhile may have been missed, and an emptied cache only refills.
 */
@Startup
@Singleton
@DependsOn("EventWakeups")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProviderCacheClearListener {

  private static final Logger LOG = Logger.getLogger(ProviderCacheClearListener.class.getName());

  @Inject EventWakeups wakeups;
  @Inject ProviderModelCache cache;

  private final AtomicLong heard = new AtomicLong();
  private volatile EventWakeups.Subscription subscription;

  @PostConstruct
  void subscribe() {
    subscription = wakeups.subscribe(ClusterSignals.PROVIDER_MODEL_CACHE_CLEAR, this::clear);
  }

  @PreDestroy
  void unsubscribe() {
    EventWakeups.Subscription s = subscription;
    if (s != null) {
      s.close();
    }
  }

  /** Clear signals heard since the start (wake-ups after a reconnect included). */
  public long heard() {
    return heard.get();
  }

  void clear(String signal, long sequence) {
    heard.incrementAndGet();
    int forgotten = cache.clear();
    LOG.fine(() -> "Provider model cache cleared on signal: " + forgotten + " entries");
  }
}
