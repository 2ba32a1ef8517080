package dev.mainspring.run.service.tool;

import java.util.UUID;

/** Whom a tool call is made for: the run's organization, thread, and the user who started it. */
public record ToolContext(UUID orgId, UUID threadId, UUID runId, UUID userId) {}
