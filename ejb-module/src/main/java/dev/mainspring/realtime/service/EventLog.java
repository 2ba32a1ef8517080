package dev.mainspring.realtime.service;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Append-only streams of events with a gapless sequence per stream. Streams are named {@code
 * thread:<uuid>} (message events) and {@code run:<uuid>} (run events); see {@link Streams}.
 *
 * <pre>{@code
 * // inside a service's transaction
 * eventLog.append(orgId, Streams.thread(threadId), "message.created", data);
 * // a reader that has seen sequence 41
 * List<StoredEvent> missed = eventLog.readAfter(orgId, Streams.run(runId), 41, 500);
 * }</pre>
 */
public interface EventLog {

  /** Most events one read answers. */
  int MAX_READ = 10_000;

  /**
   * Appends in the caller's transaction (TransactionAttribute MANDATORY): the stream's next
   * sequence, gapless (1, 2, 3 ... per stream, no holes even when transactions roll back or race);
   * {@code pg_notify('mainspring_events', stream + ' ' + sequence)} in the same transaction so
   * listeners wake at commit. Appenders of one stream wait for each other's commit: keep the
   * transaction short after appending.
   *
   * @throws IllegalStateException when the transaction already acts for another organization
   */
  StoredEvent append(UUID orgId, String stream, String type, JsonObject data);

  /**
   * Events of one stream with sequence {@code > afterSequence}, oldest first, at most {@code limit}
   * (row-level security applies: the caller's organization).
   */
  List<StoredEvent> readAfter(String stream, long afterSequence, int limit);

  /**
   * Same, for code that runs with no caller (the run engine's workers): reads as the given
   * organization.
   */
  List<StoredEvent> readAfter(UUID orgId, String stream, long afterSequence, int limit);

  /**
   * Events of several streams of one organization in one read, for live relays that many streams
   * woke at once: for each stream of {@code afterByStream}, its events with sequence above the
   * stream's value, oldest first, at most {@code limitEach} per stream. Streams with nothing new
   * are absent from the answer. Reads as the given organization, in a transaction of its own.
   */
  Map<String, List<StoredEvent>> readAfterEach(
      UUID orgId, Map<String, Long> afterByStream, int limitEach);
}
