package dev.mainspring.knowledge.service.vector;

import java.util.UUID;

/**
 * A chunk's vector as a store keeps it: the chunk, its document, the vector and, for vectors the
 * proof routes write, a JSON object of metadata the store returns with each hit (null for a
 * knowledge base's chunks, whose metadata stays in PostgreSQL).
 */
public record IndexedVector(UUID chunkId, UUID documentId, float[] vector, String metadataJson) {

  public IndexedVector(UUID chunkId, UUID documentId, float[] vector) {
    this(chunkId, documentId, vector, null);
  }
}
