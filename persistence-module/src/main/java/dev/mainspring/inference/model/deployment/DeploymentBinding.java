package dev.mainspring.inference.model.deployment;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One capability of a deployment profile: the provider instance that powers it, the managed models
 * (binding resources) it allows, in order, and the default one. Model-bearing bindings may be saved
 * with a provider and no models yet; the profile's configuration status tells.
 */
@Entity
@Table(name = "deployment_bindings")
public class DeploymentBinding {

  @Id private UUID id;

  @Column(name = "deployment_id", nullable = false)
  private UUID deploymentId;

  @Column(nullable = false, length = 32)
  private String capability;

  @Column(name = "provider_id")
  @Convert(converter = UuidConverter.class)
  private UUID providerId;

  @Column(name = "default_model_id")
  @Convert(converter = UuidConverter.class)
  private UUID defaultModelId;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "deployment_binding_models",
      joinColumns = @JoinColumn(name = "binding_id"))
  @OrderColumn(name = "position")
  @Column(name = "model_id", nullable = false)
  private List<UUID> modelIds = new ArrayList<>();

  /** A vector_store binding's resources: knowledge bases, in order (V19). */
  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(
      name = "deployment_binding_knowledge_bases",
      joinColumns = @JoinColumn(name = "binding_id"))
  @OrderColumn(name = "position")
  @Column(name = "knowledge_base_id", nullable = false)
  private List<UUID> knowledgeBaseIds = new ArrayList<>();

  protected DeploymentBinding() {}

  public DeploymentBinding(UUID deploymentId, String capability) {
    this.id = Ids.newId();
    this.deploymentId = deploymentId;
    this.capability = capability;
  }

  /** The capability whose binding resources are knowledge bases rather than managed models. */
  public static final String VECTOR_STORE = "vector_store";

  /**
   * Replaces what the binding holds: its provider and its resources, which are knowledge bases for
   * a vector_store binding (which has no default) and managed models for any other.
   */
  public void set(UUID providerId, List<UUID> resourceIds, UUID defaultModelId) {
    this.providerId = providerId;
    this.modelIds.clear();
    this.knowledgeBaseIds.clear();
    if (VECTOR_STORE.equals(capability)) {
      this.knowledgeBaseIds.addAll(resourceIds);
      this.defaultModelId = null;
    } else {
      this.modelIds.addAll(resourceIds);
      this.defaultModelId = defaultModelId;
    }
  }

  /** The bound knowledge bases, in order (a vector_store binding's resources). */
  public List<UUID> getKnowledgeBaseIds() {
    return List.copyOf(knowledgeBaseIds);
  }

  /** The binding's resources, whatever their kind: what {@link #set} takes. */
  public List<UUID> getResourceIds() {
    return VECTOR_STORE.equals(capability) ? getKnowledgeBaseIds() : getModelIds();
  }

  public UUID getId() {
    return id;
  }

  public UUID getDeploymentId() {
    return deploymentId;
  }

  public String getCapability() {
    return capability;
  }

  public UUID getProviderId() {
    return providerId;
  }

  public UUID getDefaultModelId() {
    return defaultModelId;
  }

  public List<UUID> getModelIds() {
    return List.copyOf(modelIds);
  }
}
