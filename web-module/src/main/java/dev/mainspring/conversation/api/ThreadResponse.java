package dev.mainspring.conversation.api;

import dev.mainspring.conversation.service.ThreadView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A thread on the wire; {@code project_id} is null for a thread outside any project. */
@JsonbPropertyOrder({"threadId", "projectId", "title", "createdAt", "updatedAt"})
public record ThreadResponse(
    UUID threadId, UUID projectId, String title, Instant createdAt, Instant updatedAt) {

  public static ThreadResponse of(ThreadView view) {
    return new ThreadResponse(
        view.id(), view.projectId(), view.title(), view.createdAt(), view.updatedAt());
  }
}
