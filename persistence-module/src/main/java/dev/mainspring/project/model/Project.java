package dev.mainspring.project.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
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
public class Project {

  public static final int NAME_MAX = 200;

  @Id private UUID id;

  @Column(nullable = false, length = NAME_MAX)
  private String name;

  private String description;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected Project() {}

  private Project(String name, String description, Instant now) {
    this.id = Ids.newId();
    this.name = checkName(name);
    this.description = description;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** A new project, created now. */
  public static Project create(String name, String description) {
    return new Project(name, description, Timestamps.now());
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
