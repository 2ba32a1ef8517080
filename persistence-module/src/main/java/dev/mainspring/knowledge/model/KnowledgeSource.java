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
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A source of a knowledge base's documents (document C): a {@code local_directory} under an
 * allow-listed root, with include and exclude globs (JSON arrays of strings).
 */
@Entity
@Table(name = "kb_sources")
public class KnowledgeSource {

  public static final String LOCAL_DIRECTORY = "local_directory";

  @Id private UUID id;

  @Column(name = "knowledge_base_id", nullable = false)
  @Convert(converter = UuidConverter.class)
  private UUID knowledgeBaseId;

  @Column(name = "source_type", nullable = false, length = 32)
  private String sourceType;

  @Column(name = "display_name", nullable = false, length = 200)
  private String displayName;

  @Column(nullable = false, length = 1000)
  private String path;

  @Column(name = "include_globs", nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String includeGlobs;

  @Column(name = "exclude_globs", nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String excludeGlobs;

  @Column(name = "lifecycle_state", nullable = false, length = 16)
  private String lifecycleState;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Version private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected KnowledgeSource() {}

  public KnowledgeSource(UUID knowledgeBaseId, String sourceType, UUID createdBy) {
    this.id = Ids.newId();
    this.knowledgeBaseId = knowledgeBaseId;
    this.sourceType = sourceType;
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
    this.updatedAt = createdAt;
  }

  /** The fields a write sets; the globs are JSON arrays' text. */
  public void describe(
      String displayName,
      String path,
      String includeGlobs,
      String excludeGlobs,
      String lifecycleState) {
    this.displayName = displayName;
    this.path = path;
    this.includeGlobs = includeGlobs;
    this.excludeGlobs = excludeGlobs;
    this.lifecycleState = lifecycleState;
  }

  /** Marks a change; call after the setters of one update. */
  public void touch() {
    this.updatedAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  public UUID getKnowledgeBaseId() {
    return knowledgeBaseId;
  }

  public String getSourceType() {
    return sourceType;
  }

  public String getDisplayName() {
    return displayName;
  }

  public String getPath() {
    return path;
  }

  public String getIncludeGlobs() {
    return includeGlobs;
  }

  public String getExcludeGlobs() {
    return excludeGlobs;
  }

  public String getLifecycleState() {
    return lifecycleState;
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
