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

  /**
   * Makes the rest of the current transaction act for {@code orgId}, for code that names the
   * organization itself (a worker with no caller). A transaction that already acts for another
   * organization is refused: switching would let the caller's later statements see that one's rows.
   * One bound to no organization (a service called without a caller) is switched.
   */
  public void actFor(UUID orgId) {
    if (orgId == null) {
      throw new IllegalArgumentException("no organization to act for");
    }
    Object bound = transactions.getResource(BOUND);
    if (bound != null && !"".equals(bound) && !orgId.toString().equals(bound)) {
      throw new IllegalStateException(
          "this transaction acts for organization " + bound + ", not " + orgId);
    }
    bindTo(orgId);
  }
}
