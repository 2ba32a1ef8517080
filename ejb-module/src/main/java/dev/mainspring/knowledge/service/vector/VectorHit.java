package dev.mainspring.knowledge.service.vector;

import java.util.UUID;

/**
 * A search result: the chunk, its cosine similarity to the query (-1 to 1, higher nearer) and the
 * metadata the store keeps with it (a JSON object, or null).
 */
public record VectorHit(UUID chunkId, double score, String metadataJson) {

  public VectorHit(UUID chunkId, double score) {
    this(chunkId, score, null);
  }
}
