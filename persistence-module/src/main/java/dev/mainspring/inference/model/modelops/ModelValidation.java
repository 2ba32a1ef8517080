package dev.mainspring.inference.model.modelops;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One validation run of a managed model against its provider. */
@Entity
@Table(name = "model_validations")
public class ModelValidation {

  @Id private UUID id;

  @Column(name = "model_id", nullable = false)
  private UUID modelId;

  @Column(name = "provider_id")
  @Convert(converter = UuidConverter.class)
  private UUID providerId;

  @Column(nullable = false, length = 16)
  private String status;

  @Column(nullable = false, length = 2000)
  private String detail;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ModelValidation() {}

  public ModelValidation(
      UUID modelId, UUID providerId, boolean success, String detail, UUID createdBy) {
    this.id = Ids.newId();
    this.modelId = modelId;
    this.providerId = providerId;
    this.status = success ? "success" : "failed";
    this.detail = detail.length() > 2000 ? detail.substring(0, 2000) : detail;
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public UUID getModelId() {
    return modelId;
  }

  public UUID getProviderId() {
    return providerId;
  }

  public String getStatus() {
    return status;
  }

  public String getDetail() {
    return detail;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
