package dev.mainspring.conversation.model;

import dev.mainspring.platform.model.JpaRepository;
import dev.mainspring.platform.model.PersistenceErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Messages of threads, their edit history and their reactions, in PostgreSQL. */
@ApplicationScoped
public class MessageRepository extends JpaRepository<Message> {

  public MessageRepository() {
    super(Message.class, "message");
  }

  /** The position of the next message: greater than that of every message written before. */
  public long nextPosition() {
    Object next = em.createNativeQuery("select nextval('messages_position_seq')").getSingleResult();
    return ((Number) next).longValue();
  }

  /**
   * Messages of the thread in position order, newest first or oldest first, starting after the
   * position {@code after} in that order when it is given; at most {@code limit + 1}, the extra one
   * saying that more follow.
   */
  public List<Message> list(UUID orgId, UUID threadId, Long after, boolean newestFirst, int limit) {
    StringBuilder jpql =
        new StringBuilder("select m from Message m where m.orgId = :org and m.threadId = :thread");
    if (after != null) {
      jpql.append(newestFirst ? " and m.position < :after" : " and m.position > :after");
    }
    jpql.append(newestFirst ? " order by m.position desc" : " order by m.position");
    TypedQuery<Message> query =
        em.createQuery(jpql.toString(), Message.class)
            .setParameter("org", orgId)
            .setParameter("thread", threadId);
    if (after != null) {
      query.setParameter("after", after);
    }
    return query.setMaxResults(limit + 1).getResultList();
  }

  /** Every message of the thread, oldest first. */
  public List<Message> all(UUID orgId, UUID threadId) {
    return em.createQuery(
            "select m from Message m where m.orgId = :org and m.threadId = :thread"
                + " order by m.position",
            Message.class)
        .setParameter("org", orgId)
        .setParameter("thread", threadId)
        .getResultList();
  }

  /** The message if it belongs to the thread (and so to its organization). */
  public Message getInThread(UUID messageId, UUID threadId, UUID orgId) {
    Message message = getInOrg(messageId, orgId);
    if (!message.getThreadId().equals(threadId)) {
      throw dev.mainspring.platform.error.NotFoundException.of("message", messageId);
    }
    return message;
  }

  /** The messages of the thread after {@code position}, oldest first. */
  public List<Message> after(UUID orgId, UUID threadId, long position) {
    return em.createQuery(
            "select m from Message m where m.orgId = :org and m.threadId = :thread"
                + " and m.position > :position order by m.position",
            Message.class)
        .setParameter("org", orgId)
        .setParameter("thread", threadId)
        .setParameter("position", position)
        .getResultList();
  }

  /** Stores the content a message had before an edit. */
  public void addEdit(MessageEdit edit) {
    em.persist(edit);
    write(false, violation -> null);
  }

  /** The contents a message had before its edits, oldest first. */
  public List<MessageEdit> edits(UUID messageId) {
    return em.createQuery(
            "select e from MessageEdit e where e.messageId = :message order by e.replacedAt, e.id",
            MessageEdit.class)
        .setParameter("message", messageId)
        .getResultList();
  }

  /** Adds the user's reaction; false when it was there already. */
  public boolean addReaction(UUID orgId, UUID messageId, UUID userId, String emoji) {
    flush();
    int added;
    try {
      added =
          em.createNativeQuery(
                  "insert into message_reactions (message_id, user_id, emoji, org_id, created_at)"
                      + " values (cast(?1 as uuid), cast(?2 as uuid), ?3, cast(?4 as uuid), now())"
                      + " on conflict do nothing")
              .setParameter(1, messageId.toString())
              .setParameter(2, userId.toString())
              .setParameter(3, emoji)
              .setParameter(4, orgId.toString())
              .executeUpdate();
    } catch (PersistenceException e) {
      // the message (or the user) was deleted meanwhile: 404, not 500
      throw PersistenceErrors.translate(e, "message", false, violation -> null);
    }
    return added > 0;
  }

  /** Removes the user's reaction; false when there was none. */
  public boolean removeReaction(UUID messageId, UUID userId, String emoji) {
    int removed =
        em.createNativeQuery(
                "delete from message_reactions where message_id = cast(?1 as uuid)"
                    + " and user_id = cast(?2 as uuid) and emoji = ?3")
            .setParameter(1, messageId.toString())
            .setParameter(2, userId.toString())
            .setParameter(3, emoji)
            .executeUpdate();
    return removed > 0;
  }

  /** The reactions to the messages, per message and emoji, and whether {@code userId} reacted. */
  public List<ReactionCount> reactions(Collection<UUID> messageIds, UUID userId) {
    if (messageIds.isEmpty()) {
      return List.of();
    }
    String ids = messageIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select cast(message_id as text), emoji, count(*),"
                    + " bool_or(user_id = cast(?2 as uuid))"
                    + " from message_reactions where message_id = any(cast(?1 as uuid[]))"
                    + " group by message_id, emoji order by message_id, min(created_at), emoji")
            .setParameter(1, ids)
            .setParameter(2, userId == null ? null : userId.toString())
            .getResultList();
    List<ReactionCount> counts = new ArrayList<>(rows.size());
    for (Object[] row : rows) {
      counts.add(
          new ReactionCount(
              UUID.fromString((String) row[0]),
              (String) row[1],
              ((Number) row[2]).longValue(),
              Boolean.TRUE.equals(row[3])));
    }
    return counts;
  }

  /**
   * Deletes the messages of the thread after {@code position} (their edits and reactions with them)
   * and answers their ids, in position order.
   */
  public List<UUID> deleteAfter(UUID orgId, UUID threadId, long position) {
    flush();
    @SuppressWarnings("unchecked")
    List<Object> rows =
        em.createNativeQuery(
                "with gone as (delete from messages where org_id = cast(?1 as uuid)"
                    + " and thread_id = cast(?2 as uuid) and position > ?3"
                    + " returning id, position)"
                    + " select cast(id as text) from gone order by position")
            .setParameter(1, orgId.toString())
            .setParameter(2, threadId.toString())
            .setParameter(3, position)
            .getResultList();
    List<UUID> ids = new ArrayList<>(rows.size());
    for (Object row : rows) {
      Object value = row instanceof Object[] columns ? columns[0] : row;
      ids.add(UUID.fromString(value.toString()));
    }
    // Entities of deleted rows may sit in the persistence context; nothing reads them again.
    em.clear();
    return ids;
  }

  @Override
  protected UUID idOf(Message message) {
    return message.getId();
  }

  /** A message found by {@link #search}. */
  public record Found(
      UUID threadId, String threadTitle, UUID messageId, String role, String text) {}

  /**
   * The organization's newest messages whose text contains {@code text} (case-insensitive), at most
   * {@code limit}.
   */
  public List<Found> search(UUID orgId, String text, int limit) {
    String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select m.thread_id, t.title, m.id, m.role, m.content ->> 'text' from messages m"
                    + " join threads t on t.id = m.thread_id where m.org_id = ?1"
                    + " and m.content ->> 'text' ilike ?2 order by m.position desc limit ?3")
            .setParameter(1, orgId)
            .setParameter(2, pattern)
            .setParameter(3, limit)
            .getResultList();
    return rows.stream()
        .map(r -> new Found(uuid(r[0]), (String) r[1], uuid(r[2]), (String) r[3], (String) r[4]))
        .toList();
  }

  private static UUID uuid(Object value) {
    return value instanceof UUID id ? id : UUID.fromString(value.toString());
  }
}
