package dev.mainspring.identity.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Something security-relevant that happened in an organization, and who did it from where. */
@Entity
@Table(name = "audit_events")
public class AuditEvent implements TenantOwned {

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(nullable = false, length = 60)
  private String action;

  @Column(name = "actor_user_id")
  @Convert(converter = UuidConverter.class)
  private UUID actorUserId;

  @Column(name = "actor_key_id")
  @Convert(converter = UuidConverter.class)
  private UUID actorKeyId;

  @Column(length = 200)
  private String target;

  @Column(length = 100)
  private String address;

  @Column(name = "request_id", length = 128)
  private String requestId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected AuditEvent() {}

  public AuditEvent(
      UUID orgId,
      String action,
      UUID actorUserId,
      UUID actorKeyId,
      String target,
      String address,
      String requestId) {
    this.id = Ids.newId();
    this.orgId = orgId;
    this.action = action;
    this.actorUserId = actorUserId;
    this.actorKeyId = actorKeyId;
    this.target = target;
    this.address = address;
    this.requestId = requestId;
    this.createdAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public String getAction() {
    return action;
  }

  public UUID getActorUserId() {
    return actorUserId;
  }

  public UUID getActorKeyId() {
    return actorKeyId;
  }

  public String getTarget() {
    return target;
  }

  public String getAddress() {
    return address;
  }

  public String getRequestId() {
    return requestId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
