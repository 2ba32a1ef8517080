package dev.mainspring.project.model;

import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Projects in PostgreSQL. */
@ApplicationScoped
public class ProjectRepository extends JpaRepository<Project> {

  public ProjectRepository() {
    super(Project.class, "project");
  }

  /** Projects of {@code orgId} newest first, starting after {@code after} when it is given. */
  public Slice<Project> list(UUID orgId, UUID after, int limit) {
    var query =
        em.createQuery(
                "select p from Project p where p.orgId = :org"
                    + (after == null ? "" : " and p.id < :after")
                    + " order by p.id desc",
                Project.class)
            .setParameter("org", orgId);
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  @Override
  protected UUID idOf(Project project) {
    return project.getId();
  }
}
