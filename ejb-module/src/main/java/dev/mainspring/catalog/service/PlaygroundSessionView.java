package dev.mainspring.catalog.service;

import dev.mainspring.catalog.model.PlaygroundSession;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A playground session: its settings and, in the detail, its persisted messages (null in lists);
 * {@code version} is its entity tag. Its id is its thread's.
 */
public record PlaygroundSessionView(
    UUID id,
    String playgroundKind,
    String title,
    String assistantRef,
    JsonObject modelSelection,
    JsonObject knowledgeBinding,
    UUID threadId,
    List<PlaygroundMessage> messages,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  static PlaygroundSessionView of(PlaygroundSession session, List<PlaygroundMessage> messages) {
    return new PlaygroundSessionView(
        session.getId(),
        session.getKind(),
        session.getTitle(),
        session.getAssistantRef(),
        json(session.getModelSelection()),
        json(session.getKnowledgeBinding()),
        session.getId(),
        messages,
        session.getCreatedAt(),
        session.getUpdatedAt(),
        session.getVersion());
  }

  private static JsonObject json(String text) {
    return text == null ? null : Jsons.reader(text).readObject();
  }
}
