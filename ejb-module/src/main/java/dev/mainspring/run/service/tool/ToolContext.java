package dev.mainspring.run.service.tool;

import java.util.UUID;

/**
 * Whom a tool call is made for: the run's organization, thread, and the user who started it; and
 * the one knowledge base the thread's knowledge searches are scoped to (null: every bound one).
 */
public record ToolContext(
    UUID orgId, UUID threadId, UUID runId, UUID userId, UUID knowledgeBaseId) {

  /** A context whose thread is not scoped to one knowledge base. */
  public ToolContext(UUID orgId, UUID threadId, UUID runId, UUID userId) {
    this(orgId, threadId, runId, userId, null);
  }
}
