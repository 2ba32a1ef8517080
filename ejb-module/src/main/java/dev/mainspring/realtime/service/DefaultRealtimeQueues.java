package dev.mainspring.realtime.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.service.Jsons;
import dev.mainspring.realtime.model.RealtimeQueueRepository;
import dev.mainspring.realtime.model.RealtimeQueueRepository.Cursor;
import dev.mainspring.realtime.model.RealtimeQueueRepository.Queue;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@link RealtimeQueues} on PostgreSQL. */
@Stateless
@TenantScoped
public class DefaultRealtimeQueues implements RealtimeQueues {

  static final String READ = "threads:read";

  @Inject RealtimeQueueRepository queues;
  @Inject CurrentCaller currentCaller;
  @Inject TenantSessions sessions;

  @Override
  public QueueView register() {
    Caller caller = currentCaller.require(READ);
    UUID org = caller.requireOrg();
    UUID user = owner(caller);
    UUID id = Ids.newId();
    Instant now = Timestamps.now();
    Cursor start = queues.now();
    queues.add(id, org, user, start, now);
    return new QueueView(id, format(start), now);
  }

  @Override
  public Poll poll(UUID queueId, String cursor, int limit) {
    Caller caller = currentCaller.require(READ);
    Queue queue = mine(caller, queueId);
    Cursor from = cursor == null || cursor.isBlank() ? queue.cursor() : parse(cursor);
    queues.polled(queueId, from, Timestamps.now());
    return read(queue.id(), queue.orgId(), queue.userId(), from, limit);
  }

  @Override
  public Poll pollAgain(Poll previous, int limit) {
    sessions.actFor(previous.orgId());
    Queue queue =
        queues
            .find(previous.queueId())
            .filter(q -> q.userId().equals(previous.userId()))
            .orElseThrow(DefaultRealtimeQueues::gone);
    return read(queue.id(), queue.orgId(), queue.userId(), parse(previous.cursor()), limit);
  }

  @Override
  public Set<UUID> orgsWithEvents(Collection<Poll> waiting) {
    Map<UUID, Cursor> oldest = new HashMap<>();
    for (Poll p : waiting) {
      oldest.merge(p.orgId(), parse(p.cursor()), DefaultRealtimeQueues::earlier);
    }
    return queues.orgsWithEvents(oldest);
  }

  private static Cursor earlier(Cursor a, Cursor b) {
    int byTx = Long.compareUnsigned(a.tx(), b.tx());
    if (byTx != 0) {
      return byTx < 0 ? a : b;
    }
    return a.id() <= b.id() ? a : b;
  }

  @Override
  public void delete(UUID queueId) {
    Caller caller = currentCaller.require(READ);
    mine(caller, queueId);
    queues.delete(queueId);
  }

  @Override
  public Map<UUID, Poll> pollAgainEach(Collection<Poll> waiting, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_EVENTS));
    List<RealtimeQueueRepository.Waiting> reads = new ArrayList<>(waiting.size());
    Map<UUID, Poll> byQueue = new HashMap<>();
    for (Poll p : waiting) {
      reads.add(new RealtimeQueueRepository.Waiting(p.queueId(), p.orgId(), parse(p.cursor())));
      byQueue.put(p.queueId(), p);
    }
    Map<UUID, Poll> answers = new HashMap<>();
    queues
        .afterEach(reads, n)
        .forEach(
            (queueId, found) -> {
              Poll p = byQueue.get(queueId);
              answers.put(queueId, poll(queueId, p.orgId(), p.userId(), parse(p.cursor()), found));
            });
    return answers;
  }

  private Poll read(UUID queueId, UUID org, UUID user, Cursor from, int limit) {
    int n = Math.max(1, Math.min(limit, MAX_EVENTS));
    return poll(queueId, org, user, from, queues.after(org, from, n));
  }

  private static Poll poll(
      UUID queueId,
      UUID org,
      UUID user,
      Cursor from,
      List<RealtimeQueueRepository.QueuedEvent> found) {
    Cursor last = found.isEmpty() ? from : found.get(found.size() - 1).cursor();
    List<QueuedEvent> events =
        found.stream()
            .map(
                q ->
                    new QueuedEvent(
                        format(q.cursor()),
                        q.event().getStream(),
                        q.event().getSequence(),
                        q.event().getEventType(),
                        json(q.event().getData()),
                        q.event().getCreatedAt()))
            .toList();
    return new Poll(queueId, org, user, events, format(last));
  }

  private Queue mine(Caller caller, UUID queueId) {
    UUID user = owner(caller);
    return queues
        .find(queueId)
        .filter(q -> q.userId().equals(user) && q.orgId().equals(caller.requireOrg()))
        .orElseThrow(DefaultRealtimeQueues::gone);
  }

  private static UUID owner(Caller caller) {
    if (caller.userId() == null) {
      throw new InvalidRequestException(
          "user_required", "a realtime queue belongs to a user: call with a user's token or key");
    }
    return caller.userId();
  }

  static String format(Cursor cursor) {
    return cursor.tx() + "-" + cursor.id();
  }

  static Cursor parse(String text) {
    int dash = text.indexOf('-');
    try {
      if (dash > 0) {
        long tx = Long.parseLong(text.substring(0, dash));
        long id = Long.parseLong(text.substring(dash + 1));
        if (tx >= 0 && id >= 0) {
          return new Cursor(tx, id);
        }
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidRequestException(
        "invalid_cursor", "cursor must be one that a registration or a poll answered");
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Jsons.reader(text)) {
      return reader.readObject();
    }
  }

  /** The refusal of a queue that is not the caller's (or is gone). */
  private static NotFoundException gone() {
    return new NotFoundException("queue_not_found", "no such realtime queue of yours");
  }
}
