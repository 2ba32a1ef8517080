package dev.mainspring.realtime.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Long-poll queues (document B) and the organization-wide reading of the event log they need, in
 * (transaction, id) order up to the snapshot's xmin (see V24): a cursor never passes an event that
 * is not visible yet. Statements run under row-level security: the transaction acts for the
 * organization.
 */
@ApplicationScoped
public class RealtimeQueueRepository {

  /** A queue as stored. */
  public record Queue(UUID id, UUID orgId, UUID userId, Cursor cursor, Instant lastPolledAt) {}

  /**
   * A place in the organization's event log: after the event {@code id} of transaction {@code tx}.
   */
  public record Cursor(long tx, long id) {}

  /** An event read for a queue, with the cursor just after it. */
  public record QueuedEvent(Cursor cursor, StreamEvent event) {}

  private static final String AFTER =
      """
      select e.id, e.org_id, e.stream, e.sequence, e.type, e.data, e.created_at, e.tx::text
      from event e
      where e.org_id = cast(?1 as uuid)
        and (e.tx, e.id) > (cast(?2 as text)::xid8, ?3)
        and e.tx < pg_snapshot_xmin(pg_current_snapshot())
      order by e.tx, e.id
      limit ?4
      """;

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /**
   * Where a queue registered now starts: after every event of a transaction that has ended, so it
   * gets what is committed from now on (and what transactions still running will commit).
   */
  public Cursor now() {
    Object xmin =
        em.createNativeQuery("select pg_snapshot_xmin(pg_current_snapshot())::text")
            .getSingleResult();
    return new Cursor(Long.parseLong(xmin.toString()) - 1, Long.MAX_VALUE);
  }

  /** Stores a new queue. */
  public void add(UUID id, UUID orgId, UUID userId, Cursor cursor, Instant now) {
    em.createNativeQuery(
            "insert into realtime_queues (id, org_id, user_id, cursor_tx, cursor_id, created_at,"
                + " last_polled_at) values (cast(?1 as uuid), cast(?2 as uuid), cast(?3 as uuid),"
                + " cast(?4 as text)::xid8, ?5, cast(?6 as timestamptz), cast(?6 as timestamptz))")
        .setParameter(1, id.toString())
        .setParameter(2, orgId.toString())
        .setParameter(3, userId.toString())
        .setParameter(4, Long.toString(cursor.tx()))
        .setParameter(5, cursor.id())
        .setParameter(6, now.toString())
        .executeUpdate();
  }

  /** The queue, if it exists in the transaction's organization. */
  public Optional<Queue> find(UUID id) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select id, org_id, user_id, cursor_tx::text, cursor_id, last_polled_at"
                    + " from realtime_queues where id = cast(?1 as uuid)")
            .setParameter(1, id.toString())
            .getResultList();
    return rows.stream()
        .findFirst()
        .map(
            r ->
                new Queue(
                    UUID.fromString(r[0].toString()),
                    UUID.fromString(r[1].toString()),
                    UUID.fromString(r[2].toString()),
                    new Cursor(Long.parseLong(r[3].toString()), ((Number) r[4]).longValue()),
                    toInstant(r[5])));
  }

  /**
   * Records the cursor the client polled with (what it has acknowledged) and when. The
   * transaction's commit then does not wait for its WAL to reach the disk: every poll writes this
   * row (a thousand pollers, a thousand commits a second, each waiting about 2 ms for a flush
   * here), and what a crash could lose is only the last acknowledgement, which the client's next
   * poll gives again with its cursor.
   */
  public void polled(UUID id, Cursor cursor, Instant now) {
    em.createNativeQuery("set local synchronous_commit = off").executeUpdate();
    em.createNativeQuery(
            "update realtime_queues set cursor_tx = cast(?2 as text)::xid8, cursor_id = ?3,"
                + " last_polled_at = cast(?4 as timestamptz) where id = cast(?1 as uuid)")
        .setParameter(1, id.toString())
        .setParameter(2, Long.toString(cursor.tx()))
        .setParameter(3, cursor.id())
        .setParameter(4, now.toString())
        .executeUpdate();
  }

  /**
   * Deletes the queues of every organization not polled since {@code before}; answers how many.
   * Runs through {@code prune_realtime_queues}, which acts as the schema owner.
   */
  public long deleteIdle(Instant before) {
    Object n =
        em.createNativeQuery("select prune_realtime_queues(cast(?1 as timestamptz))")
            .setParameter(1, before.toString())
            .getSingleResult();
    return ((Number) n).longValue();
  }

  /** Deletes the queue; whether it was there. */
  public boolean delete(UUID id) {
    return em.createNativeQuery("delete from realtime_queues where id = cast(?1 as uuid)")
            .setParameter(1, id.toString())
            .executeUpdate()
        > 0;
  }

  /**
   * The organization's events after {@code cursor} whose transactions have all ended, oldest first,
   * at most {@code limit}.
   */
  @SuppressWarnings("unchecked")
  public List<QueuedEvent> after(UUID orgId, Cursor cursor, int limit) {
    List<Object[]> rows =
        em.createNativeQuery(AFTER)
            .setParameter(1, orgId.toString())
            .setParameter(2, Long.toString(cursor.tx()))
            .setParameter(3, cursor.id())
            .setParameter(4, limit)
            .getResultList();
    return rows.stream()
        .map(
            r -> {
              long id = ((Number) r[0]).longValue();
              StreamEvent event =
                  StreamEvent.of(
                      id,
                      UUID.fromString(r[1].toString()),
                      r[2].toString(),
                      ((Number) r[3]).longValue(),
                      r[4].toString(),
                      r[5].toString(),
                      toInstant(r[6]));
              return new QueuedEvent(new Cursor(Long.parseLong(r[7].toString()), id), event);
            })
        .toList();
  }

  /**
   * Of the organizations given, those with events after their cursor whose transactions have all
   * ended: what a poll from that cursor would get at least one of. One statement for all of them,
   * through {@code realtime_orgs_with_events} (the schema owner's: it spans organizations and
   * answers only which have such events).
   */
  @SuppressWarnings("unchecked")
  public Set<UUID> orgsWithEvents(Map<UUID, Cursor> fromByOrg) {
    if (fromByOrg.isEmpty()) {
      return Set.of();
    }
    List<String> orgs = new ArrayList<>(fromByOrg.size());
    List<String> txs = new ArrayList<>(fromByOrg.size());
    List<Long> ids = new ArrayList<>(fromByOrg.size());
    fromByOrg.forEach(
        (org, cursor) -> {
          orgs.add(org.toString());
          txs.add(Long.toString(cursor.tx()));
          ids.add(cursor.id());
        });
    List<Object> rows =
        em.createNativeQuery(
                "select cast(o as text) from realtime_orgs_with_events(cast(?1 as uuid[]),"
                    + " cast(?2 as text[]), cast(?3 as bigint[])) as o")
            .setParameter(1, EventRepository.textArray(orgs))
            .setParameter(2, EventRepository.textArray(txs))
            .setParameter(3, EventRepository.numberArray(ids))
            .getResultList();
    Set<UUID> found = new HashSet<>();
    for (Object row : rows) {
      found.add(UUID.fromString(row.toString()));
    }
    return found;
  }

  /** A waiting poll to read for: its queue, the queue's organization, and the poll's cursor. */
  public record Waiting(UUID queueId, UUID orgId, Cursor cursor) {}

  /**
   * For each waiting poll, its queue's events after its cursor whose transactions have all ended,
   * oldest first, at most {@code limit} each; queues with nothing new, and queues that no longer
   * exist in the given organization, are absent. One statement for all of them, through {@code
   * realtime_events_for_queues} (the schema owner's: it spans organizations, and binds each row to
   * a queue of the organization given with it).
   */
  @SuppressWarnings("unchecked")
  public Map<UUID, List<QueuedEvent>> afterEach(List<Waiting> waiting, int limit) {
    Map<UUID, List<QueuedEvent>> found = new HashMap<>();
    if (waiting.isEmpty()) {
      return found;
    }
    List<String> ids = new ArrayList<>(waiting.size());
    List<String> orgs = new ArrayList<>(waiting.size());
    List<String> txs = new ArrayList<>(waiting.size());
    List<Long> after = new ArrayList<>(waiting.size());
    for (Waiting w : waiting) {
      ids.add(w.queueId().toString());
      orgs.add(w.orgId().toString());
      txs.add(Long.toString(w.cursor().tx()));
      after.add(w.cursor().id());
    }
    List<Object[]> rows =
        em.createNativeQuery(
                "select cast(queue_id as text), id, cast(org_id as text), stream, sequence, type,"
                    + " data, created_at, tx from realtime_events_for_queues(cast(?1 as uuid[]),"
                    + " cast(?2 as uuid[]), cast(?3 as text[]), cast(?4 as bigint[]), ?5)")
            .setParameter(1, EventRepository.textArray(ids))
            .setParameter(2, EventRepository.textArray(orgs))
            .setParameter(3, EventRepository.textArray(txs))
            .setParameter(4, EventRepository.numberArray(after))
            .setParameter(5, limit)
            .getResultList();
    for (Object[] r : rows) {
      long id = ((Number) r[1]).longValue();
      StreamEvent event =
          StreamEvent.of(
              id,
              UUID.fromString(r[2].toString()),
              r[3].toString(),
              ((Number) r[4]).longValue(),
              r[5].toString(),
              r[6].toString(),
              toInstant(r[7]));
      found
          .computeIfAbsent(UUID.fromString(r[0].toString()), q -> new ArrayList<>())
          .add(new QueuedEvent(new Cursor(Long.parseLong(r[8].toString()), id), event));
    }
    return found;
  }

  private static Instant toInstant(Object value) {
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    return Instant.parse(value.toString());
  }
}
