package dev.mainspring.inference.service.provider;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of validating a provider: whether it answered, how fast, the model ids it advertises
 * and, when it failed, why: a stable {@code errorCode} and a plain {@code error} (no URL, no
 * exception, no latency: how a check failed must not tell what listens where). An unreachable
 * provider is a result, not an error.
 */
@JsonbPropertyOrder({
  "providerId",
  "status",
  "reachable",
  "latencyMs",
  "models",
  "errorCode",
  "error",
  "checkedAt"
})
public record ProviderCheck(
    UUID providerId,
    String status,
    boolean reachable,
    Long latencyMs,
    List<String> models,
    String errorCode,
    String error,
    Instant checkedAt) {

  static ProviderCheck of(UUID providerId, ProviderProbe.Result result, Instant checkedAt) {
    return new ProviderCheck(
        providerId,
        result.reachable() ? "success" : "failed",
        result.reachable(),
        result.latencyMs(),
        result.models(),
        result.error() == null ? null : result.error().code(),
        result.error() == null ? null : result.error().message(),
        checkedAt);
  }
}
