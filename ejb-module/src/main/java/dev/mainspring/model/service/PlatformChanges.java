package dev.mainspring.model.service;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A generation counter of the model platform's configuration (providers, models, sharing,
 * deployments, runtime mode). Services that change it call {@link #changed()} inside their
 * transaction; the counter moves once that transaction commits, so whoever caches a view of the
 * configuration (the gateway's {@code RuntimeSnapshots}) reloads it and never caches a state that
 * was rolled back or not yet visible.
 */
@ApplicationScoped
public class PlatformChanges {

  private final AtomicLong generation = new AtomicLong();

  @Resource TransactionSynchronizationRegistry transactions;

  /** Marks the configuration changed when the current transaction commits (at once without one). */
  public void changed() {
    if (transactions.getTransactionKey() == null) {
      generation.incrementAndGet();
      return;
    }
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              generation.incrementAndGet();
            }
          }
        });
  }

  public long generation() {
    return generation.get();
  }
}
