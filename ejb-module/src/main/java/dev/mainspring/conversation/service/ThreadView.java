package dev.mainspring.conversation.service;

import dev.mainspring.conversation.model.ConversationThread;
import java.time.Instant;
import java.util.UUID;

/** A thread as services hand it out. */
public record ThreadView(
    UUID id, UUID projectId, String title, Instant createdAt, Instant updatedAt, long version) {

  static ThreadView of(ConversationThread t) {
    return new ThreadView(
        t.getId(),
        t.getProjectId(),
        t.getTitle(),
        t.getCreatedAt(),
        t.getUpdatedAt(),
        t.getVersion());
  }
}
