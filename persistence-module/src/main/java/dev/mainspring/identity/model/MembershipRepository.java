package dev.mainspring.identity.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Memberships of users in organizations. */
@ApplicationScoped
public class MembershipRepository {

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  public Optional<Membership> find(UUID orgId, UUID userId) {
    return Optional.ofNullable(em.find(Membership.class, new Membership.Key(orgId, userId)));
  }

  public void add(Membership membership) {
    em.persist(membership);
  }

  public void remove(Membership membership) {
    em.remove(membership);
  }

  public List<Membership> listForOrg(UUID orgId) {
    return em.createQuery(
            "select m from Membership m where m.orgId = :org order by m.createdAt",
            Membership.class)
        .setParameter("org", orgId)
        .getResultList();
  }

  /** Admins of the organization, locked until the transaction ends so two removals serialize. */
  public long countAdminsForUpdate(UUID orgId) {
    return em.createQuery(
            "select m from Membership m where m.orgId = :org and m.role = :role", Membership.class)
        .setParameter("org", orgId)
        .setParameter("role", OrgRole.ADMIN)
        .setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .getResultList()
        .size();
  }
}
