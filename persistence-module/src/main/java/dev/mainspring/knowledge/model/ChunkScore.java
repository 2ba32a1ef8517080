package dev.mainspring.knowledge.model;

import java.util.UUID;

/** A chunk a keyword search found, with its rank (higher is better, in [0, 1)). */
public record ChunkScore(UUID chunkId, double score) {}
