package dev.mainspring.inference.service.deployment;

import dev.mainspring.inference.model.deployment.DeploymentProfile;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A deployment profile as it is shown, with its bindings and its readiness: {@code ready} when
 * every binding is ready and every required capability is bound, else {@code incomplete} with the
 * unbound required capabilities in {@code missingCapabilities}.
 */
@JsonbPropertyOrder({
  "id",
  "slug",
  "displayName",
  "description",
  "active",
  "activatedAt",
  "configurationStatus",
  "missingCapabilities",
  "bindings",
  "version",
  "createdAt",
  "updatedAt"
})
public record DeploymentView(
    UUID id,
    String slug,
    String displayName,
    String description,
    @JsonbProperty("is_active") boolean active,
    Instant activatedAt,
    String configurationStatus,
    List<String> missingCapabilities,
    List<BindingView> bindings,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  static DeploymentView of(DeploymentProfile d, List<BindingView> bindings) {
    Readiness.Summary readiness =
        Readiness.ofDeployment(
            bindings.stream()
                .map(b -> new Readiness.Bound(b.capability(), b.configurationStatus()))
                .toList());
    return new DeploymentView(
        d.getId(),
        d.getSlug(),
        d.getDisplayName(),
        d.getDescription(),
        d.isActive(),
        d.getActivatedAt(),
        readiness.status(),
        readiness.missingCapabilities(),
        bindings,
        d.getVersion(),
        d.getCreatedAt(),
        d.getUpdatedAt());
  }
}
