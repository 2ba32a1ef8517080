package dev.mainspring.run.service;

import jakarta.json.JsonObject;
import jakarta.validation.constraints.Size;

/**
 * A decision on tool calls of a run waiting for approval.
 *
 * @param callId the tool call decided on; null decides every call that waits
 * @param approved whether the call may run
 * @param arguments when approving, arguments that replace the model's (an object); null keeps them
 * @param reason when denying, what the model is told; null for a plain refusal
 */
public record ApprovalDecision(
    @Size(max = 200) String callId,
    boolean approved,
    JsonObject arguments,
    @Size(max = 2000) String reason) {}
