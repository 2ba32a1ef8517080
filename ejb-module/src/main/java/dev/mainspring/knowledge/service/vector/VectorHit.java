package dev.mainspring.knowledge.service.vector;

import java.util.UUID;

/** A search result: the chunk and its cosine similarity to the query (-1 to 1, higher nearer). */
public record VectorHit(UUID chunkId, double score) {}
