package dev.mainspring.inference.model.deployment;

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

/** One attempt to activate a deployment profile, whether it switched or was rejected. */
@Entity
@Table(name = "activation_audit")
public class ActivationAuditEvent {

  public static final String ACTIVATED = "activated";
  public static final String REJECTED = "rejected";

  @Id private UUID id;

  @Column(name = "deployment_id")
  @Convert(converter = UuidConverter.class)
  private UUID deploymentId;

  @Column(name = "deployment_slug", nullable = false, length = 64)
  private String deploymentSlug;

  @Column(name = "previous_deployment_id")
  @Convert(converter = UuidConverter.class)
  private UUID previousDeploymentId;

  @Column(nullable = false, length = 16)
  private String outcome;

  @Column(nullable = false, length = 4000)
  private String detail;

  @Column(name = "actor_user_id")
  @Convert(converter = UuidConverter.class)
  private UUID actorUserId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ActivationAuditEvent() {}

  public ActivationAuditEvent(
      DeploymentProfile deployment,
      UUID previousDeploymentId,
      String outcome,
      String detail,
      UUID actorUserId) {
    this.id = Ids.newId();
    this.deploymentId = deployment.getId();
    this.deploymentSlug = deployment.getSlug();
    this.previousDeploymentId = previousDeploymentId;
    this.outcome = outcome;
    this.detail = detail.length() > 4000 ? detail.substring(0, 4000) : detail;
    this.actorUserId = actorUserId;
    this.createdAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public UUID getDeploymentId() {
    return deploymentId;
  }

  public String getDeploymentSlug() {
    return deploymentSlug;
  }

  public UUID getPreviousDeploymentId() {
    return previousDeploymentId;
  }

  public String getOutcome() {
    return outcome;
  }

  public String getDetail() {
    return detail;
  }

  public UUID getActorUserId() {
    return actorUserId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
