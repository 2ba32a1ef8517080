package dev.mainspring.conversation.model;

import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;
import java.util.UUID;

/** Threads in PostgreSQL. */
@ApplicationScoped
public class ThreadRepository extends JpaRepository<ConversationThread> {

  public ThreadRepository() {
    super(ConversationThread.class, "thread");
  }

  /**
   * Threads of {@code orgId} newest first, of one project when {@code projectId} is given, starting
   * after {@code after} when it is given.
   */
  public Slice<ConversationThread> list(UUID orgId, UUID projectId, UUID after, int limit) {
    StringBuilder jpql =
        new StringBuilder("select t from ConversationThread t where t.orgId = :org");
    if (projectId != null) {
      jpql.append(" and t.projectId = :projectId");
    }
    if (after != null) {
      jpql.append(" and t.id < :after");
    }
    jpql.append(" order by t.id desc");
    TypedQuery<ConversationThread> query =
        em.createQuery(jpql.toString(), ConversationThread.class).setParameter("org", orgId);
    if (projectId != null) {
      query.setParameter("projectId", projectId);
    }
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  /** A thread started in a project that was deleted meanwhile: the project's 404. */
  @Override
  protected MainspringException translate(IntegrityViolation violation, ConversationThread thread) {
    if (thread != null
        && violation.is(IntegrityViolation.Kind.MISSING_REFERENCE, "threads_project_id_fkey")) {
      return NotFoundException.of("project", thread.getProjectId());
    }
    return null;
  }

  @Override
  protected UUID idOf(ConversationThread thread) {
    return thread.getId();
  }
}
