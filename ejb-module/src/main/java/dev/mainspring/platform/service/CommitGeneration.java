package dev.mainspring.platform.service;

import jakarta.annotation.Resource;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A generation counter that moves when the transaction that changed something commits (at once
 * without a transaction), never for a change that was rolled back. A cache remembers the generation
 * it read at and drops what it read once the counter has moved. Application-scoped beans extend it,
 * one per kind of change ({@code PlatformChanges}, {@code IdentityChanges}).
 */
public abstract class CommitGeneration {

  private final AtomicLong generation = new AtomicLong();

  @Resource TransactionSynchronizationRegistry transactions;

  /** Marks a change; the counter moves when the current transaction commits, or now without one. */
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
