package dev.mainspring.conversation.service;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as services hand it out.
 *
 * @param content {@code {"text": "...", "parts": [...]}} ({@link MessageContent})
 * @param author who wrote it
 * @param editedAt when it was last edited, null if never
 * @param reactions per emoji, in the order they were first given; empty for callers with no user
 *     (the run engine)
 */
public record MessageView(
    UUID id,
    UUID threadId,
    String role,
    JsonObject content,
    Author author,
    Instant createdAt,
    Instant editedAt,
    long version,
    List<Reaction> reactions) {

  /**
   * Who wrote a message: a user (with one of their API keys when {@code apiKeyId} is set) or an
   * agent run.
   */
  public record Author(UUID userId, UUID apiKeyId, UUID runId) {

    /** {@code user}, {@code api_key} or {@code run}. */
    public String type() {
      return runId != null ? "run" : apiKeyId != null ? "api_key" : "user";
    }
  }

  /** The users who reacted with one emoji, and whether the caller is among them. */
  public record Reaction(String emoji, long count, boolean reacted) {}
}
