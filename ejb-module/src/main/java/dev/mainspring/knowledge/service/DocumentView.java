package dev.mainspring.knowledge.service;

import dev.mainspring.knowledge.model.KnowledgeDocument;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/**
 * A knowledge document: where it came from ({@code api} or {@code upload}), how it was chunked, and
 * its text (only when one document is read; null in lists).
 */
@JsonbPropertyOrder({
  "id",
  "knowledgeBaseId",
  "origin",
  "title",
  "sourcePath",
  "mediaType",
  "metadata",
  "contentHash",
  "chunkCount",
  "tokenCount",
  "text",
  "version",
  "createdAt",
  "updatedAt"
})
public record DocumentView(
    UUID id,
    UUID knowledgeBaseId,
    String origin,
    String title,
    String sourcePath,
    String mediaType,
    JsonObject metadata,
    String contentHash,
    int chunkCount,
    int tokenCount,
    String text,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  static DocumentView of(KnowledgeDocument document, boolean withText) {
    return new DocumentView(
        document.getId(),
        document.getKnowledgeBaseId(),
        document.getOrigin(),
        document.getTitle(),
        document.getSourcePath(),
        document.getMediaType(),
        object(document.getMetadata()),
        document.getContentHash(),
        document.getChunkCount(),
        document.getTokenCount(),
        withText ? document.getText() : null,
        document.getVersion(),
        document.getCreatedAt(),
        document.getUpdatedAt());
  }

  static JsonObject object(String json) {
    try (JsonReader reader = Jsons.reader(json)) {
      return reader.readObject();
    }
  }
}
