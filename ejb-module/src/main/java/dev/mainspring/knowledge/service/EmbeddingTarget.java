package dev.mainspring.knowledge.service;

import dev.mainspring.knowledge.service.vector.VectorIndex;
import java.util.UUID;

/**
 * What ingesting into or querying one knowledge base needs, read in one transaction and used after
 * it: the chunking, the embeddings model (its key, and whether it is the built-in one, whose
 * WordPiece tokenizer then counts the tokens), the index, and the vector-store provider instance
 * that holds it and its family.
 *
 * @param documentVersion the version of the document being replaced, or null for a new one
 * @param contentHash the replaced document's text hash, or null
 */
public record EmbeddingTarget(
    UUID knowledgeBaseId,
    int chunkLength,
    int chunkOverlap,
    String modelKey,
    boolean builtinTokenizer,
    String index,
    UUID storeProvider,
    String storeFamily,
    Long documentVersion,
    String contentHash) {

  /** The knowledge base's index on its vector-store provider instance. */
  public VectorIndex vectorIndex() {
    return new VectorIndex(storeProvider, index);
  }
}
