package dev.mainspring.run.api;

import dev.mainspring.run.service.RunView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run as clients see it. {@code agent_run_id} repeats {@code id} because document E's clients
 * read it under that name; {@code completed_at} is when it ended, however it ended.
 */
@JsonbPropertyOrder({
  "id",
  "agentRunId",
  "threadId",
  "status",
  "agentId",
  "agentVersionId",
  "model",
  "multitaskStrategy",
  "mode",
  "steps",
  "stepLimit",
  "usage",
  "error",
  "pendingApprovals",
  "createdBy",
  "createdAt",
  "startedAt",
  "completedAt"
})
public record RunResponse(
    UUID id,
    UUID agentRunId,
    UUID threadId,
    String status,
    UUID agentId,
    UUID agentVersionId,
    String model,
    String multitaskStrategy,
    String mode,
    int steps,
    int stepLimit,
    Usage usage,
    Error error,
    List<Pending> pendingApprovals,
    UUID createdBy,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt) {

  /** Tokens summed from the run's usage records. */
  public record Usage(
      long promptTokens, long completionTokens, long totalTokens, long modelCalls) {}

  /** Why a run failed: a stable code and a plain sentence. */
  public record Error(String code, String message) {}

  /** A tool call waiting for approval. */
  public record Pending(String callId, String tool, String arguments) {}

  public static RunResponse of(RunView run) {
    return new RunResponse(
        run.id(),
        run.id(),
        run.threadId(),
        run.status(),
        run.agentId(),
        run.agentVersionId(),
        run.model(),
        run.multitaskStrategy(),
        run.mode(),
        run.steps(),
        run.stepLimit(),
        new Usage(
            run.usage().promptTokens(),
            run.usage().completionTokens(),
            run.usage().totalTokens(),
            run.usage().modelCalls()),
        run.errorCode() == null ? null : new Error(run.errorCode(), run.errorMessage()),
        run.pendingApprovals().stream()
            .map(p -> new Pending(p.callId(), p.tool(), p.arguments()))
            .toList(),
        run.createdBy(),
        run.createdAt(),
        run.startedAt(),
        run.endedAt());
  }
}
