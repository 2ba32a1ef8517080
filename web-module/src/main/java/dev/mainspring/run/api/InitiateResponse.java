package dev.mainspring.run.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.UUID;

/** What {@code /api/agent/initiate} made. */
@JsonbPropertyOrder({"projectId", "threadId", "agentRunId", "status"})
public record InitiateResponse(UUID projectId, UUID threadId, UUID agentRunId, String status) {}
