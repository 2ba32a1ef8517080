package dev.mainspring.catalog.model;

import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Playground sessions in PostgreSQL. */
@ApplicationScoped
public class PlaygroundSessionRepository extends JpaRepository<PlaygroundSession> {

  public PlaygroundSessionRepository() {
    super(PlaygroundSession.class, "playground_session");
  }

  /** A user's sessions, newest first, of one kind when {@code kind} is given. */
  public Slice<PlaygroundSession> list(
      UUID orgId, UUID userId, String kind, UUID after, int limit) {
    var query =
        em.createQuery(
                "select s from PlaygroundSession s where s.orgId = :org and s.userId = :user"
                    + (kind == null ? "" : " and s.kind = :kind")
                    + (after == null ? "" : " and s.id < :after")
                    + " order by s.id desc",
                PlaygroundSession.class)
            .setParameter("org", orgId)
            .setParameter("user", userId);
    if (kind != null) {
      query.setParameter("kind", kind);
    }
    if (after != null) {
      query.setParameter("after", after);
    }
    return page(query, limit);
  }

  @Override
  protected UUID idOf(PlaygroundSession session) {
    return session.getId();
  }
}
