package dev.mainspring.catalog.service;

import dev.mainspring.conversation.service.MessageView;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.UUID;

/**
 * A persisted message of a playground session, as its payload shows it: the text, who wrote it
 * ({@code user} or {@code assistant}) and the run that wrote an assistant's.
 */
public record PlaygroundMessage(
    UUID id, String role, String content, UUID runId, Instant createdAt) {

  /** The message's text, its text parts joined. */
  public static PlaygroundMessage of(MessageView message) {
    return new PlaygroundMessage(
        message.id(),
        message.role(),
        text(message.content()),
        message.author() == null ? null : message.author().runId(),
        message.createdAt());
  }

  /** The text of a message's content: its {@code text}, or its text parts joined. */
  public static String text(JsonObject content) {
    if (content.get("text") instanceof JsonString s) {
      return s.getString();
    }
    StringBuilder text = new StringBuilder();
    JsonValue parts = content.get("parts");
    if (parts != null && parts.getValueType() == JsonValue.ValueType.ARRAY) {
      for (JsonValue part : parts.asJsonArray()) {
        if (part instanceof JsonObject p
            && "text".equals(p.getString("type", ""))
            && p.get("text") instanceof JsonString s) {
          text.append(s.getString());
        }
      }
    }
    return text.toString();
  }
}
