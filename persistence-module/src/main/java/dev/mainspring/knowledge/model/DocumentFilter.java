package dev.mainspring.knowledge.model;

import java.util.Set;
import java.util.UUID;

/**
 * Which documents of a knowledge base a retrieval may return: those of these sources, of these ids,
 * and whose metadata contains this JSON object. Each part null when it does not narrow.
 */
public record DocumentFilter(Set<UUID> sourceIds, Set<UUID> documentIds, String metadataJson) {

  /** A filter that lets every document through. */
  public static final DocumentFilter NONE = new DocumentFilter(null, null, null);

  /** Whether any part narrows. */
  public boolean narrows() {
    return sourceIds != null || documentIds != null || metadataJson != null;
  }
}
