package dev.mainspring.conversation.service;

import java.util.UUID;

/** A message a search found, with its thread. */
public record FoundMessage(
    UUID threadId, String threadTitle, UUID messageId, String role, String text) {}
