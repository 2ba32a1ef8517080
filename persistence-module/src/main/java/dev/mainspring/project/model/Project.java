package dev.mainspring.project.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A project of document E. Guards its own invariants: a project always has a non-blank name. */
@Entity
@Table(name = "projects")
public class Project implements TenantOwned {

  public static final int NAME_MAX = 200;

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(nullable = false, length = NAME_MAX)
  private String name;

  private String description;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected Project() {}

  private Project(UUID orgId, UUID createdBy, String name, String description, Instant now) {
    this.id = Ids.newId();
    this.orgId = Objects.requireNonNull(orgId, "orgId");
    this.createdBy = createdBy;
    this.name = checkName(name);
    this.description = description;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** A new project of organization {@code orgId}, created now by {@code createdBy}. */
  public static Project create(UUID orgId, UUID createdBy, String name, String description) {
    return new Project(orgId, createdBy, name, description, Timestamps.now());
  }

  public void rename(String newName) {
    this.name = checkName(newName);
    touch();
  }

  public void describe(String newDescription) {
    this.description = newDescription;
    touch();
  }

  private void touch() {
    this.updatedAt = Timestamps.now();
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > NAME_MAX) {
      throw new IllegalArgumentException("project name must be 1 to " + NAME_MAX + " characters");
    }
    return name;
  }

  public UUID getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public String getName() {
    return name;
  }

  public String getDescription() {
    return description;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public long getVersion() {
    return version;
  }
}
