package dev.mainspring.identity.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.IntegrityViolation.Kind;
import dev.mainspring.platform.model.PersistenceErrors;
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

  /**
   * Stores the membership now: 409 {@code already_member} when the user is one already, 404 when
   * the organization or the user is gone.
   */
  public void add(Membership membership) {
    em.persist(membership);
    PersistenceErrors.flush(em, "membership", false, v -> translate(v, membership));
  }

  /** 409 {@code already_member}. */
  public static ConflictException alreadyMember() {
    return new ConflictException("already_member", "this user is already a member");
  }

  static MainspringException translate(IntegrityViolation violation, Membership membership) {
    if (violation.is(Kind.DUPLICATE, "memberships_pkey")) {
      return alreadyMember();
    }
    if (violation.is(Kind.MISSING_REFERENCE, "memberships_org_id_fkey")) {
      return NotFoundException.of("organization", membership.getOrgId());
    }
    if (violation.is(Kind.MISSING_REFERENCE, "memberships_user_id_fkey")) {
      return NotFoundException.of("user", membership.getUserId());
    }
    return null;
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
