package dev.mainspring.knowledge.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.JsonbConverter;
import dev.mainspring.platform.model.Timestamps;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A reusable document schema for knowledge bases, keyed by the vector-store provider family it is
 * written for (document C). Built-in templates come with the migration; superadmins add their own.
 * Profiles are not edited: a knowledge base copies the properties at creation.
 */
@Entity
@Table(name = "kb_schema_profiles")
public class SchemaProfile {

  @Id private UUID id;

  @Column(name = "provider_key", nullable = false, length = 64)
  private String providerKey;

  @Column(nullable = false, length = 64)
  private String slug;

  @Column(name = "display_name", nullable = false, length = 200)
  private String displayName;

  @Column(length = 500)
  private String description;

  @Column(nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String properties;

  @Column(name = "is_builtin", nullable = false)
  private boolean builtin;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected SchemaProfile() {}

  public SchemaProfile(
      String providerKey,
      String slug,
      String displayName,
      String description,
      String properties,
      UUID createdBy) {
    this.id = Ids.newId();
    this.providerKey = providerKey;
    this.slug = slug;
    this.displayName = displayName;
    this.description = description;
    this.properties = properties;
    this.builtin = false;
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public String getProviderKey() {
    return providerKey;
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

  public String getProperties() {
    return properties;
  }

  public boolean isBuiltin() {
    return builtin;
  }

  public UUID getCreatedBy() {
    return createdBy;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }
}
