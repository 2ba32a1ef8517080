package dev.mainspring.knowledge.service;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.UUID;

/** The chunks nearest to a query, nearest first, each with its document's reference. */
@JsonbPropertyOrder({"knowledgeBaseId", "query", "topK", "mode", "results"})
public record QueryResultView(
    UUID knowledgeBaseId, String query, int topK, String mode, List<Hit> results) {

  /**
   * One chunk found: its score (the mode's: cosine similarity, full-text rank or fused reciprocal
   * rank), its text, and its document with the source it came from (null for a document given
   * through the API or uploaded).
   */
  @JsonbPropertyOrder({
    "chunkId",
    "score",
    "text",
    "position",
    "documentId",
    "documentTitle",
    "sourceId",
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
      UUID sourceId,
      String sourcePath,
      JsonObject metadata) {}
}
