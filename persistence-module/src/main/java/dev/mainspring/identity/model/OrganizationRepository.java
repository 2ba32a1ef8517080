package dev.mainspring.identity.model;

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

  @Override
  protected UUID idOf(Organization organization) {
    return organization.getId();
  }
}
