package dev.mainspring.inference.service.modelops;

import dev.mainspring.inference.model.modelops.ModelTestRun;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** One test of a managed model: what was sent, what came back or what went wrong. */
@JsonbPropertyOrder({
  "id",
  "modelId",
  "providerId",
  "status",
  "input",
  "output",
  "error",
  "latencyMs",
  "createdAt"
})
public record TestRunView(
    UUID id,
    UUID modelId,
    UUID providerId,
    String status,
    String input,
    String output,
    String error,
    int latencyMs,
    Instant createdAt) {

  static TestRunView of(ModelTestRun t) {
    return new TestRunView(
        t.getId(),
        t.getModelId(),
        t.getProviderId(),
        t.getStatus(),
        t.getInput(),
        t.getOutput(),
        t.getError(),
        t.getLatencyMs(),
        t.getCreatedAt());
  }
}
