package dev.mainspring.realtime.service;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Document B's long-poll queues: a user registers a queue and polls it with a cursor for the new
 * events of the organization's streams (its threads' messages, its runs), drawn from the one event
 * log. A cursor never passes an event that is not visible yet (see V24), so nothing is lost between
 * two polls while the events are retained ({@code mainspring.events.retention-hours}), on any
 * instance; each event comes once after a given cursor.
 *
 * <p>Rights: any member of the organization (API keys: {@code threads:read}), for queues of their
 * own. Another user's queue, or one of another organization, answers 404 {@code queue_not_found}.
 */
public interface RealtimeQueues {

  /** Most events one poll answers. */
  int MAX_EVENTS = 500;

  /** A registered queue and the cursor to poll it with first. */
  record QueueView(UUID id, String cursor, Instant createdAt) {}

  /**
   * An event of a poll.
   *
   * @param cursor the cursor just after this event
   */
  record QueuedEvent(
      String cursor,
      String stream,
      long sequence,
      String type,
      JsonObject data,
      Instant createdAt) {}

  /**
   * What a poll found: the events after its cursor (maybe none) and the cursor to poll with next.
   *
   * @param orgId the queue's organization, for a waiter that polls again later
   * @param userId the queue's user
   */
  record Poll(UUID queueId, UUID orgId, UUID userId, List<QueuedEvent> events, String cursor) {}

  /** Registers a queue for the caller, starting now. */
  QueueView register();

  /**
   * The events after {@code cursor} (null: the cursor the queue was last polled with), at most
   * {@code limit}; answers at once. Records {@code cursor} as what the client has acknowledged. 400
   * {@code invalid_cursor}, 404 {@code queue_not_found}.
   */
  Poll poll(UUID queueId, String cursor, int limit);

  /** The same poll again for a waiting request, outside it: no caller, nothing recorded. */
  Poll pollAgain(Poll previous, int limit);

  /**
   * Of these waiting polls' organizations, those that have events a poll from the oldest of their
   * cursors would get now; for a waiter outside any request (no caller). One query for them all.
   */
  Set<UUID> orgsWithEvents(Collection<Poll> waiting);

  /**
   * The same polls again for waiting requests, outside them (no caller, nothing recorded), in one
   * query: for each whose queue has events after its cursor, the poll with them (at most {@code
   * limit}). A poll with nothing new, or whose queue is gone, is absent: {@link #pollAgain} answers
   * the latter with 404.
   */
  Map<UUID, Poll> pollAgainEach(Collection<Poll> waiting, int limit);

  /** Deletes the caller's queue; 404 {@code queue_not_found}. */
  void delete(UUID queueId);
}
