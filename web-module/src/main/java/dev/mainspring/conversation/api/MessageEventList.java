package dev.mainspring.conversation.api;

import dev.mainspring.realtime.service.StoredEvent;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/** A thread's message events after a sequence, oldest first. */
public record MessageEventList(List<Item> events) {

  /** One event: its place in the thread's stream, its type and its data. */
  @JsonbPropertyOrder({"sequence", "type", "data", "createdAt"})
  public record Item(long sequence, String type, JsonObject data, Instant createdAt) {}

  static MessageEventList of(List<StoredEvent> events) {
    return new MessageEventList(
        events.stream()
            .map(e -> new Item(e.sequence(), e.type(), e.data(), e.createdAt()))
            .toList());
  }
}
