package dev.mainspring.identity.service;

import dev.mainspring.identity.model.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;

/**
 * Records audit events in the current transaction, in the named organization (binding the
 * transaction's database session to it: audit_events is a tenant table).
 */
@ApplicationScoped
public class AuditLog {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  @Inject TenantSessions sessions;
  @Inject RequestOrigin origin;

  public void record(UUID orgId, String action, UUID actorUserId, UUID actorKeyId, String target) {
    if (orgId == null) {
      return;
    }
    sessions.bindTo(orgId);
    em.persist(
        new AuditEvent(
            orgId, action, actorUserId, actorKeyId, target, origin.address(), origin.requestId()));
  }

  /** By the current caller. */
  public void record(Caller caller, String action, String target) {
    record(caller.orgId(), action, caller.userId(), caller.apiKeyId(), target);
  }
}
