package dev.mainspring.inference.model.deployment;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A deployment profile (document C): a named set of capability bindings ({@link
 * DeploymentBinding}). At most one profile is active; the gateway serves what it binds.
 */
@Entity
@Table(name = "deployment_profiles")
public class DeploymentProfile {

  @Id private UUID id;

  @Column(nullable = false, length = 64, unique = true)
  private String slug;

  @Column(name = "display_name", nullable = false, length = 200)
  private String displayName;

  @Column(length = 500)
  private String description;

  @Column(name = "is_active", nullable = false)
  private boolean active;

  @Column(name = "activated_at")
  private Instant activatedAt;

  @Version private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected DeploymentProfile() {}

  public DeploymentProfile(String slug, String displayName, String description) {
    this.id = Ids.newId();
    this.slug = slug;
    this.displayName = displayName;
    this.description = description;
    this.createdAt = Timestamps.now();
    this.updatedAt = createdAt;
  }

  public void rename(String slug, String displayName, String description) {
    this.slug = slug;
    this.displayName = displayName;
    this.description = description;
    touch();
  }

  public void activate() {
    this.active = true;
    this.activatedAt = Timestamps.now();
    touch();
  }

  public void deactivate() {
    this.active = false;
    touch();
  }

  /** Marks a change to the profile or one of its bindings. */
  public void touch() {
    this.updatedAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public String getSlug() {
    return slug;
  }

  public String getDisplayName() {
    return displayName;
  }

  public String getDescription() {
    return description;
  }

  public boolean isActive() {
    return active;
  }

  public Instant getActivatedAt() {
    return activatedAt;
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
