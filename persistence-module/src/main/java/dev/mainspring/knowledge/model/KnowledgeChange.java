package dev.mainspring.knowledge.model;

import java.util.UUID;

/**
 * One entry of the knowledge change log: a document written or deleted ({@code documentId}), or a
 * whole knowledge base deleted ({@code documentId} null).
 */
public record KnowledgeChange(long sequence, UUID knowledgeBaseId, UUID documentId) {}
