package dev.mainspring.knowledge.service;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.UUID;

/** The chunks nearest to a query, nearest first, each with its document's reference. */
@JsonbPropertyOrder({"knowledgeBaseId", "query", "topK", "results"})
public record QueryResultView(UUID knowledgeBaseId, String query, int topK, List<Hit> results) {

  /** One chunk found: its cosine similarity to the query, its text, and its document. */
  @JsonbPropertyOrder({
    "chunkId",
    "score",
    "text",
    "position",
    "documentId",
    "documentTitle",
    "sourcePath",
    "metadata"
  })
  public record Hit(
      UUID chunkId,
      double score,
      String text,
      int position,
      UUID documentId,
      String documentTitle,
      String sourcePath,
      JsonObject metadata) {}
}
