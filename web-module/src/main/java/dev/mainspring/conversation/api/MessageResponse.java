package dev.mainspring.conversation.api;

import dev.mainspring.conversation.service.MessageView;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message on the wire. */
@JsonbPropertyOrder({
  "messageId",
  "threadId",
  "role",
  "content",
  "author",
  "createdAt",
  "editedAt",
  "reactions"
})
public record MessageResponse(
    UUID messageId,
    UUID threadId,
    String role,
    JsonObject content,
    AuthorResponse author,
    Instant createdAt,
    Instant editedAt,
    List<ReactionResponse> reactions) {

  /** {@code type} is {@code user}, {@code api_key} or {@code run}. */
  @JsonbPropertyOrder({"type", "userId", "apiKeyId", "runId"})
  public record AuthorResponse(String type, UUID userId, UUID apiKeyId, UUID runId) {}

  /** How many users reacted with the emoji, and whether the caller did. */
  @JsonbPropertyOrder({"emoji", "count", "reacted"})
  public record ReactionResponse(String emoji, long count, boolean reacted) {}

  public static MessageResponse of(MessageView view) {
    MessageView.Author a = view.author();
    return new MessageResponse(
        view.id(),
        view.threadId(),
        view.role(),
        view.content(),
        new AuthorResponse(a.type(), a.userId(), a.apiKeyId(), a.runId()),
        view.createdAt(),
        view.editedAt(),
        view.reactions().stream()
            .map(r -> new ReactionResponse(r.emoji(), r.count(), r.reacted()))
            .toList());
  }
}
