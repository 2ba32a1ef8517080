package dev.mainspring.knowledge.service;

import java.util.UUID;

/**
 * What ingesting into or querying one knowledge base needs, read in one transaction and used after
 * it: the chunking, the embeddings model (its key, and whether it is the built-in one, whose
 * WordPiece tokenizer then counts the tokens), the index and the vector-store family.
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
    String storeFamily,
    Long documentVersion,
    String contentHash) {}
