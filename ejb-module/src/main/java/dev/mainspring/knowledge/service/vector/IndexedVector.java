package dev.mainspring.knowledge.service.vector;

import java.util.UUID;

/** A chunk's vector as a store keeps it: the chunk, its document, the vector. */
public record IndexedVector(UUID chunkId, UUID documentId, float[] vector) {}
