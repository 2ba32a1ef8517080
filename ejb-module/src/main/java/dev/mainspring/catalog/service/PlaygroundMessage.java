package dev.mainspring.catalog.service;

import dev.mainspring.conversation.service.MessageContent;
import dev.mainspring.conversation.service.MessageView;
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
        MessageContent.text(message.content()),
        message.author() == null ? null : message.author().runId(),
        message.createdAt());
  }
}
