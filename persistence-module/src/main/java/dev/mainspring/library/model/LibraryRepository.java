package dev.mainspring.library.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.IntegrityViolation;
import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.Slice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Saved items in PostgreSQL; pins through {@link #pins()}. */
@ApplicationScoped
public class LibraryRepository extends JpaRepository<SavedItem> {

  public LibraryRepository() {
    super(SavedItem.class, "saved_item");
  }

  /** A user's saved items, newest first, of one kind when {@code kind} is given. */
  public Slice<SavedItem> list(UUID orgId, UUID userId, String kind, UUID after, int limit) {
    var query =
        em.createQuery(
                "select s from SavedItem s where s.orgId = :org and s.userId = :user"
                    + (kind == null ? "" : " and s.kind = :kind")
                    + (after == null ? "" : " and s.id < :after")
                    + " order by s.id desc",
                SavedItem.class)
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
  protected MainspringException translate(IntegrityViolation violation, SavedItem item) {
    if (violation.kind() == IntegrityViolation.Kind.DUPLICATE) {
      return new ConflictException(
          "already_saved",
          "this " + (item == null ? "item" : item.getKind()) + " is saved already");
    }
    return null;
  }

  @Override
  protected UUID idOf(SavedItem item) {
    return item.getId();
  }

  /** The pins. */
  public Pins pins() {
    return new Pins();
  }

  /** Pins of threads. */
  public final class Pins {

    /** The user's pin of the thread, if any. */
    public Optional<ThreadPin> find(UUID userId, UUID threadId) {
      return em.createQuery(
              "select p from ThreadPin p where p.userId = :user and p.threadId = :thread",
              ThreadPin.class)
          .setParameter("user", userId)
          .setParameter("thread", threadId)
          .getResultStream()
          .findFirst();
    }

    /**
     * Pins the thread unless the user has already: one statement, so two racing pins make one.
     * Answers whether this call made it.
     */
    public boolean pin(ThreadPin pin) {
      return em.createNativeQuery(
                  "insert into thread_pins (id, org_id, user_id, thread_id, pinned_at)"
                      + " values (cast(?1 as uuid), cast(?2 as uuid), cast(?3 as uuid),"
                      + " cast(?4 as uuid), cast(?5 as timestamptz))"
                      + " on conflict (user_id, thread_id) do nothing")
              .setParameter(1, pin.getId().toString())
              .setParameter(2, pin.getOrgId().toString())
              .setParameter(3, pin.getUserId().toString())
              .setParameter(4, pin.getThreadId().toString())
              .setParameter(5, pin.getPinnedAt().toString())
              .executeUpdate()
          > 0;
    }

    /** Unpins; whether there was a pin. */
    public boolean unpin(UUID userId, UUID threadId) {
      return em.createQuery(
                  "delete from ThreadPin p where p.userId = :user and p.threadId = :thread")
              .setParameter("user", userId)
              .setParameter("thread", threadId)
              .executeUpdate()
          > 0;
    }

    /** The user's pins, newest first. */
    public Slice<ThreadPin> list(UUID orgId, UUID userId, UUID after, int limit) {
      var query =
          em.createQuery(
                  "select p from ThreadPin p where p.orgId = :org and p.userId = :user"
                      + (after == null ? "" : " and p.id < :after")
                      + " order by p.id desc",
                  ThreadPin.class)
              .setParameter("org", orgId)
              .setParameter("user", userId)
              .setMaxResults(limit + 1);
      if (after != null) {
        query.setParameter("after", after);
      }
      return Slice.of(query.getResultList(), limit, ThreadPin::getId);
    }
  }
}
