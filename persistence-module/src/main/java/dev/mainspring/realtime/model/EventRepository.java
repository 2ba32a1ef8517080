package dev.mainspring.realtime.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Events in PostgreSQL. Every statement runs on the transaction's connection, under row-level
 * security: the organization the transaction acts for must be set ({@code app.org_id}).
 */
@ApplicationScoped
public class EventRepository {

  /** The channel {@link #append} notifies, with the payload {@code "<stream> <sequence>"}. */
  public static final String CHANNEL = "mainspring_events";

  /*
   * One statement: the counter row's increment takes its row lock, which serialises the appenders
   * of one stream until their commit (a second appender waits, then reads the committed value); a
   * rollback takes the increment back with the event, so sequences have no holes. The NOTIFY is
   * transactional too: listeners hear of the event at commit, never of a rolled-back one.
   */
  private static final String APPEND =
      """
      with next as (
          insert into event_stream as s (stream, org_id, last_sequence)
          values (?1, cast(?2 as uuid), 1)
          on conflict (stream) do update set last_sequence = s.last_sequence + 1
          returning last_sequence),
      added as (
          insert into event (org_id, stream, sequence, type, data, created_at)
          select cast(?2 as uuid), ?1, next.last_sequence, ?3, cast(?4 as jsonb),
                 cast(?5 as timestamptz)
          from next
          returning id, sequence)
      select added.id, added.sequence,
             pg_notify('%s', ?1 || ' ' || added.sequence) as notified
      from added
      """
          .formatted(CHANNEL);

  @PersistenceContext(unitName = "mainspring")
  EntityManager em;

  /**
   * Notifies {@link #CHANNEL} with {@code "<stream> -1"} when the transaction commits: a signal to
   * every instance's listeners of {@code stream} that carries no event and stores nothing (no
   * organization, no row-level security involved).
   */
  public void signal(String stream) {
    em.createNativeQuery("select pg_notify(?1, ?2)")
        .setParameter(1, CHANNEL)
        .setParameter(2, stream + " -1")
        .getSingleResult();
  }

  /**
   * Appends an event to {@code stream} with the stream's next sequence and notifies {@link
   * #CHANNEL}, in the current transaction.
   *
   * @param data the event's data, a JSON object's text
   */
  public AppendedEvent append(
      UUID orgId, String stream, String type, String data, Instant createdAt) {
    Object[] row =
        (Object[])
            em.createNativeQuery(APPEND)
                .setParameter(1, stream)
                .setParameter(2, orgId.toString())
                .setParameter(3, type)
                .setParameter(4, data)
                .setParameter(5, createdAt.toString())
                .getSingleResult();
    return new AppendedEvent(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
  }

  /** Events of {@code stream} after {@code afterSequence}, oldest first, at most {@code limit}. */
  public List<StreamEvent> after(String stream, long afterSequence, int limit) {
    return em.createQuery(
            "select e from StreamEvent e where e.stream = :stream and e.sequence > :after"
                + " order by e.sequence",
            StreamEvent.class)
        .setParameter("stream", stream)
        .setParameter("after", afterSequence)
        .setMaxResults(limit)
        .getResultList();
  }

  /*
   * One round trip for many streams: each (stream, after) pair of the two arrays reads its own
   * index range (unique (stream, sequence)), at most ?3 rows each. The arrays are bound as the text
   * of PostgreSQL array literals, which stringtype=unspecified lets the server type.
   */
  private static final String AFTER_EACH =
      """
      select e.id, e.org_id, e.stream, e.sequence, e.type, e.data, e.created_at
      from unnest(cast(?1 as text[]), cast(?2 as bigint[])) as w(stream, after)
      cross join lateral (
          select * from event x
          where x.stream = w.stream and x.sequence > w.after
          order by x.sequence
          limit ?3) e
      order by e.stream, e.sequence
      """;

  /**
   * Events of each stream after its own sequence, at most {@code limitEach} per stream, ordered by
   * stream then sequence: {@code streams.get(i)} is read after {@code afters.get(i)}.
   */
  @SuppressWarnings("unchecked")
  public List<StreamEvent> afterEach(List<String> streams, List<Long> afters, int limitEach) {
    if (streams.size() != afters.size()) {
      throw new IllegalArgumentException("one sequence per stream");
    }
    if (streams.isEmpty()) {
      return List.of();
    }
    return em.createNativeQuery(AFTER_EACH, StreamEvent.class)
        .setParameter(1, textArray(streams))
        .setParameter(2, numberArray(afters))
        .setParameter(3, limitEach)
        .getResultList();
  }

  static String textArray(List<String> values) {
    StringBuilder literal = new StringBuilder("{");
    for (String value : values) {
      if (literal.length() > 1) {
        literal.append(',');
      }
      literal.append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"' || c == '\\') {
          literal.append('\\');
        }
        literal.append(c);
      }
      literal.append('"');
    }
    return literal.append('}').toString();
  }

  static String numberArray(List<Long> values) {
    StringBuilder literal = new StringBuilder("{");
    for (Long value : values) {
      if (literal.length() > 1) {
        literal.append(',');
      }
      literal.append(value.longValue());
    }
    return literal.append('}').toString();
  }

  /**
   * Deletes at most {@code batch} events of every organization created before {@code before};
   * answers how many. Runs through {@code prune_events}, which acts as the schema owner: row-level
   * security would show this transaction one organization at most.
   */
  public long deleteBefore(Instant before, int batch) {
    Object deleted =
        em.createNativeQuery("select prune_events(cast(?1 as timestamptz), ?2)")
            .setParameter(1, before.toString())
            .setParameter(2, batch)
            .getSingleResult();
    return ((Number) deleted).longValue();
  }
}
