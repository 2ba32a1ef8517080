package dev.mainspring.catalog.model;

import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Agent projects in PostgreSQL. */
@ApplicationScoped
public class AgentProjectRepository extends JpaRepository<AgentProject> {

  public AgentProjectRepository() {
    super(AgentProject.class, "agent_project");
  }

  /** The organization's projects, newest first; one owner's only when {@code owner} is given. */
  public Slice<AgentProject> list(UUID orgId, UUID owner, UUID after, int limit) {
    var query =
        em.createQuery(
                "select p from AgentProject p where p.orgId = :org"
                    + (owner == null ? "" : " and p.ownerUserId = :owner")
                    + (after == null ? "" : " and p.id < :after")
                    + " order by p.id desc",
                AgentProject.class)
            .setParameter("org", orgId);
    if (owner != null) {
      query.setParameter("owner", owner);
    }
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  @Override
  protected UUID idOf(AgentProject project) {
    return project.getId();
  }
}
