package dev.mainspring.identity.service;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;

/**
 * The organization the current transaction's database session acts for ({@code app.org_id}).
 * Services that must act for another organization than the caller's (recording a login in the
 * user's organization, say) call {@link #bindTo} themselves.
 */
@ApplicationScoped
public class TenantSessions {

  private static final String BOUND = TenantSessions.class.getName() + ".org";

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  @Resource TransactionSynchronizationRegistry transactions;

  public boolean inTransaction() {
    return transactions.getTransactionStatus() == Status.STATUS_ACTIVE;
  }

  public boolean isBound() {
    return transactions.getResource(BOUND) != null;
  }

  /** Sets {@code app.org_id} for the rest of the current transaction; null means none. */
  public void bindTo(UUID orgId) {
    if (!inTransaction()) {
      throw new IllegalStateException("no transaction to bind the organization to");
    }
    String value = orgId == null ? "" : orgId.toString();
    if (!value.equals(transactions.getResource(BOUND))) {
      em.createNativeQuery("select set_config('app.org_id', ?1, true)")
          .setParameter(1, value)
          .getSingleResult();
      transactions.putResource(BOUND, value);
    }
  }
}
