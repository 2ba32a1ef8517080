package dev.mainspring.model.service;

import dev.mainspring.platform.service.CommitGeneration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * A generation counter of the model platform's configuration (providers, models, sharing,
 * deployments, runtime mode). Services that change it call {@link #changed()} inside their
 * transaction; the counter moves once that transaction commits, so whoever caches a view of the
 * configuration (the gateway's {@code RuntimeSnapshots}) reloads it and never caches a state that
 * was rolled back or not yet visible.
 */
@ApplicationScoped
public class PlatformChanges {

  private final CommitGeneration generation = new CommitGeneration();

  @Resource TransactionSynchronizationRegistry transactions;

  /** Marks the configuration changed when the current transaction commits (at once without one). */
  public void changed() {
    generation.advanceOnCommit(transactions);
  }

  public long generation() {
    return generation.current();
  }
}
