package dev.mainspring.identity.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.JpaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Organizations. Not a tenant table: access is decided by memberships in the services. */
@ApplicationScoped
public class OrganizationRepository extends JpaRepository<Organization> {

  public OrganizationRepository() {
    super(Organization.class, "organization");
  }

  public Optional<Organization> findBySlug(String slug) {
    return em.createQuery("select o from Organization o where o.slug = :slug", Organization.class)
        .setParameter("slug", slug)
        .getResultStream()
        .findFirst();
  }

  /** The organizations {@code userId} is a member of, oldest first. */
  public List<Organization> listForUser(UUID userId) {
    return em.createQuery(
            "select o from Organization o, Membership m"
                + " where m.orgId = o.id and m.userId = :user order by o.id",
            Organization.class)
        .setParameter("user", userId)
        .getResultList();
  }

  /** 409 {@code name_taken}: the name's slug is another organization's. */
  public static ConflictException nameTaken() {
    return new ConflictException("name_taken", "an organization with this name exists");
  }

  @Override
  protected MainspringException translate(IntegrityViolation violation, Organization organization) {
    return violation.is(IntegrityViolation.Kind.DUPLICATE, "organizations_slug_key")
        ? nameTaken()
        : null;
  }

  @Override
  protected UUID idOf(Organization organization) {
    return organization.getId();
  }
}
