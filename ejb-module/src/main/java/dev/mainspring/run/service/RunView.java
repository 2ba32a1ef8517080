package dev.mainspring.run.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run as services hand it out.
 *
 * @param model the model key asked for, or null for the deployment's default
 * @param usage summed from the run's usage records (one per model call)
 * @param pendingApprovals the tool calls waiting for a decision (status {@code awaiting_approval})
 */
public record RunView(
    UUID id,
    UUID threadId,
    UUID agentId,
    UUID agentVersionId,
    String model,
    String status,
    String multitaskStrategy,
    String mode,
    int steps,
    int stepLimit,
    String errorCode,
    String errorMessage,
    UUID createdBy,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    Usage usage,
    List<PendingCall> pendingApprovals) {

  /** Tokens of the run's model calls. */
  public record Usage(long promptTokens, long completionTokens, long modelCalls) {

    public long totalTokens() {
      return promptTokens + completionTokens;
    }
  }

  /** A tool call waiting for a person's decision. */
  public record PendingCall(String callId, String tool, String arguments) {}
}
