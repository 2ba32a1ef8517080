package dev.mainspring.knowledge.service;

/** A chunk made and embedded outside a transaction, to be stored. */
public record ChunkContent(String text, int tokens, float[] vector) {}
