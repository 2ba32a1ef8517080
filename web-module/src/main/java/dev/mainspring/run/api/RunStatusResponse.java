package dev.mainspring.run.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.UUID;

/** The short answer of {@code /status}: the run's status, and its error when it failed. */
@JsonbPropertyOrder({"agentRunId", "status", "error"})
public record RunStatusResponse(UUID agentRunId, String status, RunResponse.Error error) {}
