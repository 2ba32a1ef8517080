package dev.mainspring.catalog.api;

import dev.mainspring.conversation.service.MessageContent;
import dev.mainspring.conversation.service.MessageView;
import dev.mainspring.run.service.RunView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * An agent execution as document C's clients see it: the run behind it, the catalog agent it runs,
 * and its output (the run's last assistant message) once there is one.
 */
@JsonbPropertyOrder({
  "id",
  "agentId",
  "agentVersion",
  "status",
  "threadId",
  "output",
  "error",
  "usage",
  "createdAt",
  "startedAt",
  "endedAt"
})
public record ExecutionResponse(
    UUID id,
    String agentId,
    Integer agentVersion,
    String status,
    UUID threadId,
    Output output,
    Error error,
    Usage usage,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt) {

  /** Run error codes that are the model runtime's transport failing, not the request. */
  static final Set<String> TRANSPORT_FAILURES = Set.of("upstream_unavailable", "upstream_timeout");

  /** What document C calls a transport failure of the execution upstream. */
  static final String UPSTREAM_UNAVAILABLE = "EXEC_UPSTREAM_UNAVAILABLE";

  /** The agent's answer. */
  public record Output(UUID messageId, String text) {}

  /** Why the execution failed. */
  public record Error(String code, String message) {}

  /** The tokens its model calls used. */
  public record Usage(long promptTokens, long completionTokens, long totalTokens) {}

  static ExecutionResponse of(
      RunView run, String agentRef, Integer agentVersion, List<MessageView> messages) {
    MessageView last = null;
    for (MessageView m : messages) {
      if ("assistant".equals(m.role())
          && m.author() != null
          && run.id().equals(m.author().runId())) {
        last = m;
      }
    }
    Error error = null;
    if (run.errorCode() != null) {
      error =
          new Error(
              TRANSPORT_FAILURES.contains(run.errorCode()) ? UPSTREAM_UNAVAILABLE : run.errorCode(),
              run.errorMessage());
    }
    RunView.Usage usage = run.usage();
    return new ExecutionResponse(
        run.id(),
        agentRef,
        agentVersion,
        run.status(),
        run.threadId(),
        last == null ? null : new Output(last.id(), MessageContent.text(last.content())),
        error,
        usage == null
            ? null
            : new Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens()),
        run.createdAt(),
        run.startedAt(),
        run.endedAt());
  }

  /** Whether the execution failed because its upstream could not be reached. */
  boolean upstreamUnavailable() {
    return error != null && UPSTREAM_UNAVAILABLE.equals(error.code());
  }
}
