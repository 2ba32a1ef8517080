package dev.mainspring.inference.model.modelops;

import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Who may use one managed model (model governance, {@code /v1/modelops/sharing}). A model without
 * this row is open to {@code everyone}; {@code restricted} opens it to the granted organizations
 * and roles only; {@code nobody} keeps it to superadmins.
 */
@Entity
@Table(name = "model_access")
public class ModelAccess {

  public static final String EVERYONE = "everyone";
  public static final String RESTRICTED = "restricted";
  public static final String NOBODY = "nobody";

  @Id
  @Column(name = "model_id")
  private UUID modelId;

  @Column(nullable = false, length = 16)
  private String scope;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "model_access_grants", joinColumns = @JoinColumn(name = "model_id"))
  private List<ModelAccessGrant> grants = new ArrayList<>();

  @Column(name = "updated_by")
  @Convert(converter = UuidConverter.class)
  private UUID updatedBy;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected ModelAccess() {}

  public ModelAccess(UUID modelId) {
    this.modelId = modelId;
    this.scope = EVERYONE;
    this.updatedAt = Timestamps.now();
  }

  /** Replaces the rule. */
  public void set(String scope, List<ModelAccessGrant> grants, UUID updatedBy) {
    this.scope = scope;
    this.grants.clear();
    this.grants.addAll(grants);
    this.updatedBy = updatedBy;
    this.updatedAt = Timestamps.now();
  }

  public UUID getModelId() {
    return modelId;
  }

  public String getScope() {
    return scope;
  }

  public List<ModelAccessGrant> getGrants() {
    return List.copyOf(grants);
  }

  public UUID getUpdatedBy() {
    return updatedBy;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }
}
