package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.service.PlatformChanges;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's cached {@link RuntimeSnapshot}. It is reloaded when this instance committed a
 * configuration change ({@link PlatformChanges}) and at least every {@code
 * mainspring.gateway.snapshot-ttl-ms} (default 2000), which is how changes made through another
 * instance arrive. The hot path reads a volatile field and touches no database; a reload reads in
 * one transaction ({@link RuntimeSnapshotLoader}).
 */
@ApplicationScoped
public class RuntimeSnapshots {

  private static final Logger LOG = Logger.getLogger(RuntimeSnapshots.class.getName());

  static final List<String> MODEL_CAPABILITIES = RuntimeSnapshotLoader.MODEL_CAPABILITIES;

  @Inject PlatformChanges changes;
  @Inject RuntimeSnapshotLoader loader;

  @Inject
  @ConfigProperty(name = "mainspring.gateway.snapshot-ttl-ms", defaultValue = "2000")
  long ttlMillis;

  private record Cached(RuntimeSnapshot snapshot, long generation, long loadedAtMillis) {}

  @Resource ManagedExecutorService executor;

  private volatile Cached cached;
  private final ReentrantLock reloading = new ReentrantLock();
  private final AtomicBoolean refreshing = new AtomicBoolean();

  /**
   * The current view. After a local change every caller waits for the one reload (the change must
   * show at once); when only the time-to-live ran out, the view is reloaded in the background while
   * every caller goes on with the previous one, so no request waits for the database. A view older
   * than two lifetimes (the instance was idle) is reloaded before it is used: a change made
   * elsewhere shows within two lifetimes, however long nothing asked.
   */
  public RuntimeSnapshot current() {
    Cached now = cached;
    long generation = changes.generation();
    if (now != null && now.generation() == generation) {
      long age = System.currentTimeMillis() - now.loadedAtMillis();
      if (age >= 2 * ttlMillis) {
        // Idle for longer than two lifetimes: the view may be far behind a change another
        // instance (or an operator's SQL) made meanwhile, so this caller does not get it.
        return reload();
      }
      if (age >= ttlMillis && refreshing.compareAndSet(false, true)) {
        refreshInBackground();
      }
      return now.snapshot();
    }
    return reload();
  }

  private void refreshInBackground() {
    try {
      executor.execute(
          () -> {
            try {
              reload();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "reloading the gateway's view of the platform failed", e);
            } finally {
              refreshing.set(false);
            }
          });
    } catch (RuntimeException rejected) {
      refreshing.set(false);
      reload(); // no thread to run it on: this caller reloads
    }
  }

  /** Loads the view unless another thread just did, and keeps it. */
  private RuntimeSnapshot reload() {
    reloading.lock();
    long generation = changes.generation();
    try {
      Cached latest = cached;
      if (latest != null
          && latest.generation() == generation
          && System.currentTimeMillis() - latest.loadedAtMillis() < ttlMillis) {
        return latest.snapshot();
      }
      long loadedAt = System.currentTimeMillis();
      RuntimeSnapshot snapshot = loader.load();
      cached = new Cached(snapshot, generation, loadedAt);
      return snapshot;
    } finally {
      reloading.unlock();
    }
  }
}
