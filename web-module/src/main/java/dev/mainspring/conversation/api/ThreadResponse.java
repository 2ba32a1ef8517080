package dev.mainspring.conversation.api;

import dev.mainspring.conversation.service.ThreadView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * A thread on the wire. {@code projectId} is a string because JSON-B (Yasson) leaves a null UUID
 * out instead of writing null, and every response keeps the same members.
 */
@JsonbPropertyOrder({"threadId", "projectId", "title", "createdAt", "updatedAt"})
public record ThreadResponse(
    UUID threadId, String projectId, String title, Instant createdAt, Instant updatedAt) {

  static ThreadResponse of(ThreadView view) {
    return new ThreadResponse(
        view.id(),
        view.projectId() == null ? null : view.projectId().toString(),
        view.title(),
        view.createdAt(),
        view.updatedAt());
  }
}
