package dev.mainspring.identity.model;

import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The audit trail of the current organization (row-level security). */
@ApplicationScoped
public class AuditEventRepository extends JpaRepository<AuditEvent> {

  public AuditEventRepository() {
    super(AuditEvent.class, "audit_event");
  }

  /** Events of {@code orgId}, newest first, after {@code after} when given. */
  public Slice<AuditEvent> list(UUID orgId, UUID after, int limit) {
    var query =
        em.createQuery(
                "select e from AuditEvent e where e.orgId = :org"
                    + (after == null ? "" : " and e.id < :after")
                    + " order by e.id desc",
                AuditEvent.class)
            .setParameter("org", orgId);
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  @Override
  protected UUID idOf(AuditEvent event) {
    return event.getId();
  }
}
