package dev.mainspring.identity.service;

import dev.mainspring.platform.service.CommitGeneration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * A generation counter of what decides who an API key stands for: keys revoked, members' roles
 * changed, members removed. Services that change these call {@link #changed()} inside their
 * transaction; once it commits, {@link VerifiedApiKeys} on this instance forgets every key it
 * verified before.
 */
@ApplicationScoped
public class IdentityChanges {

  private final CommitGeneration generation = new CommitGeneration();

  @Resource TransactionSynchronizationRegistry transactions;

  /** Marks callers changed when the current transaction commits (at once without one). */
  public void changed() {
    generation.advanceOnCommit(transactions);
  }

  public long generation() {
    return generation.current();
  }
}
