package dev.mainspring.identity.model;

import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A user's membership of an organization, with a role there. */
@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
public class Membership {

  @Id
  @Column(name = "org_id")
  private UUID orgId;

  @Id
  @Column(name = "user_id")
  private UUID userId;

  @Column(nullable = false, length = 20)
  private OrgRole role;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Membership() {}

  public Membership(UUID orgId, UUID userId, OrgRole role) {
    this.orgId = orgId;
    this.userId = userId;
    this.role = role;
    this.createdAt = Timestamps.now();
  }

  public void changeRole(OrgRole newRole) {
    this.role = newRole;
  }

  public UUID getOrgId() {
    return orgId;
  }

  public UUID getUserId() {
    return userId;
  }

  public OrgRole getRole() {
    return role;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /** The composite id. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    private UUID orgId;
    private UUID userId;

    public Key() {}

    public Key(UUID orgId, UUID userId) {
      this.orgId = orgId;
      this.userId = userId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && orgId.equals(k.orgId) && userId.equals(k.userId);
    }

    @Override
    public int hashCode() {
      return orgId.hashCode() * 31 + userId.hashCode();
    }
  }
}
