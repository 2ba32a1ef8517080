package dev.mainspring.realtime.service;

import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.service.Jsons;
import dev.mainspring.realtime.model.AppendedEvent;
import dev.mainspring.realtime.model.EventRepository;
import dev.mainspring.realtime.model.StreamEvent;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The event log in PostgreSQL ({@link EventRepository}). Each method makes its transaction act for
 * the organization it names ({@link TenantSessions#actFor}), so row-level security applies to
 * callers with and without an HTTP request alike.
 */
@Stateless
public class DefaultEventLog implements EventLog {

  @Inject EventRepository events;
  @Inject TenantSessions sessions;
  @Inject CurrentCaller currentCaller;

  @Override
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public StoredEvent append(UUID orgId, String stream, String type, JsonObject data) {
    Objects.requireNonNull(orgId, "orgId");
    Streams.checkName(stream);
    Streams.checkType(type);
    Objects.requireNonNull(data, "data");
    if (Jsons.hasNul(data)) {
      throw new IllegalArgumentException("event data must not contain NUL characters");
    }
    sessions.actFor(orgId);
    Instant now = Timestamps.now();
    AppendedEvent added = events.append(orgId, stream, type, data.toString(), now);
    return new StoredEvent(added.id(), orgId, stream, added.sequence(), type, data, now);
  }

  @Override
  public List<StoredEvent> readAfter(String stream, long afterSequence, int limit) {
    return readAfter(currentCaller.get().requireOrg(), stream, afterSequence, limit);
  }

  @Override
  public List<StoredEvent> readAfter(UUID orgId, String stream, long afterSequence, int limit) {
    Objects.requireNonNull(orgId, "orgId");
    Streams.checkName(stream);
    Streams.checkLimit(limit);
    sessions.actFor(orgId);
    return events.after(stream, afterSequence, limit).stream()
        .map(DefaultEventLog::stored)
        .toList();
  }

  @Override
  public Map<String, List<StoredEvent>> readAfterEach(
      UUID orgId, Map<String, Long> afterByStream, int limitEach) {
    Objects.requireNonNull(orgId, "orgId");
    Streams.checkLimit(limitEach);
    List<String> streams = new ArrayList<>(afterByStream.size());
    List<Long> afters = new ArrayList<>(afterByStream.size());
    afterByStream.forEach(
        (stream, after) -> {
          streams.add(Streams.checkName(stream));
          afters.add(after);
        });
    Map<String, List<StoredEvent>> found = new LinkedHashMap<>();
    if (streams.isEmpty()) {
      return found;
    }
    sessions.actFor(orgId);
    for (StreamEvent e : events.afterEach(streams, afters, limitEach)) {
      found.computeIfAbsent(e.getStream(), s -> new ArrayList<>()).add(stored(e));
    }
    return found;
  }

  private static StoredEvent stored(StreamEvent e) {
    JsonObject data;
    try (JsonReader reader = Jsons.reader(e.getData())) {
      data = reader.readObject();
    }
    return new StoredEvent(
        e.getId(),
        e.getOrgId(),
        e.getStream(),
        e.getSequence(),
        e.getEventType(),
        data,
        e.getCreatedAt());
  }
}
