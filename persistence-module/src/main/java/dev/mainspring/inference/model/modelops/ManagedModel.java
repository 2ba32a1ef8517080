package dev.mainspring.inference.model.modelops;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A ModelOps managed model (document C). {@code modelKey} is what clients name in {@code "model"};
 * {@code providerModelId} is the model's name at the provider that serves it. The lifecycle is
 * {@code draft -> registered -> active <-> inactive -> unregistered}; only an active model whose
 * latest validation is current and succeeded may be bound into a deployment.
 */
@Entity
@Table(name = "managed_models")
public class ManagedModel {

  public static final String DRAFT = "draft";
  public static final String REGISTERED = "registered";
  public static final String ACTIVE = "active";
  public static final String INACTIVE = "inactive";
  public static final String UNREGISTERED = "unregistered";

  @Id private UUID id;

  @Column(name = "model_key", nullable = false, length = 200, unique = true)
  private String modelKey;

  @Column(name = "display_name", nullable = false, length = 200)
  private String displayName;

  @Column(nullable = false, length = 32)
  private String capability;

  @Column(name = "provider_id")
  @Convert(converter = UuidConverter.class)
  private UUID providerId;

  @Column(name = "provider_model_id", nullable = false, length = 200)
  private String providerModelId;

  @Column(name = "context_window")
  private Integer contextWindow;

  @Column(nullable = false, length = 16)
  private String status;

  @Column(name = "is_validation_current", nullable = false)
  private boolean validationCurrent;

  @Column(name = "last_validation_status", length = 16)
  private String lastValidationStatus;

  @Column(name = "last_validated_at")
  private Instant lastValidatedAt;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Version private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected ManagedModel() {}

  public ManagedModel(
      String modelKey,
      String displayName,
      String capability,
      UUID providerId,
      String providerModelId,
      Integer contextWindow,
      UUID createdBy) {
    this.id = Ids.newId();
    this.modelKey = modelKey;
    this.displayName = displayName;
    this.capability = capability;
    this.providerId = providerId;
    this.providerModelId = providerModelId;
    this.contextWindow = contextWindow;
    this.status = DRAFT;
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
    this.updatedAt = createdAt;
  }

  public void setStatus(String status) {
    this.status = status;
    this.updatedAt = Timestamps.now();
  }

  /** Records the outcome of a validation just run. */
  public void validated(boolean success) {
    this.validationCurrent = true;
    this.lastValidationStatus = success ? "success" : "failed";
    this.lastValidatedAt = Timestamps.now();
    this.updatedAt = lastValidatedAt;
  }

  /** Whether the model may be bound into a deployment. */
  public boolean isBindable() {
    return ACTIVE.equals(status) && validationCurrent && "success".equals(lastValidationStatus);
  }

  public UUID getId() {
    return id;
  }

  public String getModelKey() {
    return modelKey;
  }

  public String getDisplayName() {
    return displayName;
  }

  public String getCapability() {
    return capability;
  }

  public UUID getProviderId() {
    return providerId;
  }

  public String getProviderModelId() {
    return providerModelId;
  }

  public Integer getContextWindow() {
    return contextWindow;
  }

  public String getStatus() {
    return status;
  }

  public boolean isValidationCurrent() {
    return validationCurrent;
  }

  public String getLastValidationStatus() {
    return lastValidationStatus;
  }

  public Instant getLastValidatedAt() {
    return lastValidatedAt;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public long getVersion() {
    return version;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
