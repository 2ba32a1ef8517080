package dev.mainspring.inference.service.modelops;

import dev.mainspring.inference.model.modelops.ManagedModel;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A managed model as ModelOps shows it; {@code modelId} is the key clients send as "model". */
@JsonbPropertyOrder({
  "id",
  "modelId",
  "displayName",
  "capability",
  "providerId",
  "providerModelId",
  "contextWindow",
  "status",
  "isValidationCurrent",
  "lastValidationStatus",
  "lastValidatedAt",
  "createdAt",
  "updatedAt"
})
public record ModelView(
    UUID id,
    String modelId,
    String displayName,
    String capability,
    UUID providerId,
    String providerModelId,
    Integer contextWindow,
    String status,
    boolean isValidationCurrent,
    String lastValidationStatus,
    Instant lastValidatedAt,
    Instant createdAt,
    Instant updatedAt) {

  static ModelView of(ManagedModel m) {
    return new ModelView(
        m.getId(),
        m.getModelKey(),
        m.getDisplayName(),
        m.getCapability(),
        m.getProviderId(),
        m.getProviderModelId(),
        m.getContextWindow(),
        m.getStatus(),
        m.isValidationCurrent(),
        m.getLastValidationStatus(),
        m.getLastValidatedAt(),
        m.getCreatedAt(),
        m.getUpdatedAt());
  }
}
