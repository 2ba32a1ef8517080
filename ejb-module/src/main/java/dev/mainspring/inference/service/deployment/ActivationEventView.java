package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.model.deployment.ActivationAuditEvent;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** One activation attempt: {@code activated}, or {@code rejected} with the reason in detail. */
@JsonbPropertyOrder({
  "id",
  "deploymentId",
  "deploymentSlug",
  "previousDeploymentId",
  "outcome",
  "detail",
  "actorUserId",
  "createdAt"
})
public record ActivationEventView(
    UUID id,
    UUID deploymentId,
    String deploymentSlug,
    UUID previousDeploymentId,
    String outcome,
    String detail,
    UUID actorUserId,
    Instant createdAt) {

  static ActivationEventView of(ActivationAuditEvent e) {
    return new ActivationEventView(
        e.getId(),
        e.getDeploymentId(),
        e.getDeploymentSlug(),
        e.getPreviousDeploymentId(),
        e.getOutcome(),
        e.getDetail(),
        e.getActorUserId(),
        e.getCreatedAt());
  }
}
