package dev.mainspring.inference.service.modelops;

import dev.mainspring.inference.model.modelops.ModelValidation;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** One validation of a managed model ({@code modelId} is the model's id, not its key). */
@JsonbPropertyOrder({"id", "modelId", "providerId", "status", "detail", "createdAt"})
public record ValidationView(
    UUID id, UUID modelId, UUID providerId, String status, String detail, Instant createdAt) {

  static ValidationView of(ModelValidation v) {
    return new ValidationView(
        v.getId(),
        v.getModelId(),
        v.getProviderId(),
        v.getStatus(),
        v.getDetail(),
        v.getCreatedAt());
  }
}
