package dev.mainspring.conversation.service;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** What a message said before one of its edits, who edited it and when. */
public record MessageEditView(JsonObject content, UUID editedBy, Instant replacedAt) {}
