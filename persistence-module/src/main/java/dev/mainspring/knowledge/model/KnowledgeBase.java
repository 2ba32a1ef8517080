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
 * A managed knowledge base (document C): created against one vector_store provider instance, with a
 * chunking and a vectorization strategy that are fixed at creation. Only its name, description,
 * lifecycle state and sync diagnostics change afterwards, so the entity has no setter for the rest.
 */
@Entity
@Table(name = "knowledge_bases")
public class KnowledgeBase {

  public static final String ACTIVE = "active";
  public static final String ARCHIVED = "archived";
  public static final String SYNC_READY = "ready";
  public static final String SYNC_SYNCING = "syncing";
  public static final String SYNC_ERROR = "error";
  public static final String SELF_PROVIDED = "self_provided";
  public static final String PLATFORM_EMBEDDINGS = "vanessa_embeddings";

  @Id private UUID id;

  @Column(nullable = false, length = 64, unique = true)
  private String slug;

  @Column(name = "display_name", nullable = false, length = 200)
  private String displayName;

  @Column(length = 500)
  private String description;

  @Column(name = "provider_id", nullable = false)
  @Convert(converter = UuidConverter.class)
  private UUID providerId;

  @Column(name = "index_name", nullable = false, length = 80)
  private String indexName;

  @Column(name = "schema_profile_id")
  @Convert(converter = UuidConverter.class)
  private UUID schemaProfileId;

  @Column(name = "schema_properties", nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String schemaProperties;

  @Column(name = "lifecycle_state", nullable = false, length = 16)
  private String lifecycleState;

  @Column(name = "chunking_strategy", nullable = false, length = 32)
  private String chunkingStrategy;

  @Column(name = "chunk_length", nullable = false)
  private int chunkLength;

  @Column(name = "chunk_overlap", nullable = false)
  private int chunkOverlap;

  @Column(name = "vectorization_mode", nullable = false, length = 32)
  private String vectorizationMode;

  @Column(name = "embeddings_provider_id")
  @Convert(converter = UuidConverter.class)
  private UUID embeddingsProviderId;

  @Column(name = "embeddings_model_id")
  @Convert(converter = UuidConverter.class)
  private UUID embeddingsModelId;

  @Column(name = "sync_status", nullable = false, length = 16)
  private String syncStatus;

  @Column(name = "last_sync_at")
  private Instant lastSyncAt;

  @Column(name = "last_sync_error", length = 2000)
  private String lastSyncError;

  @Column(name = "last_sync_summary")
  @Convert(converter = JsonbConverter.class)
  private String lastSyncSummary;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Version private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected KnowledgeBase() {}

  /**
   * A new, active knowledge base with nothing synced yet. Its index name derives from the id, so
   * renaming the slug never moves the vectors.
   */
  public KnowledgeBase(
      UUID providerId,
      String chunkingStrategy,
      int chunkLength,
      int chunkOverlap,
      String vectorizationMode,
      UUID embeddingsProviderId,
      UUID embeddingsModelId,
      UUID createdBy) {
    this.id = Ids.newId();
    this.providerId = providerId;
    this.indexName = indexNameOf(id);
    this.chunkingStrategy = chunkingStrategy;
    this.chunkLength = chunkLength;
    this.chunkOverlap = chunkOverlap;
    this.vectorizationMode = vectorizationMode;
    this.embeddingsProviderId = embeddingsProviderId;
    this.embeddingsModelId = embeddingsModelId;
    this.lifecycleState = ACTIVE;
    this.syncStatus = SYNC_READY;
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
    this.updatedAt = createdAt;
  }

  /** The index name of the knowledge base {@code id}: known also after it was deleted. */
  public static String indexNameOf(UUID id) {
    return "kb_" + id.toString().replace("-", "");
  }

  /** The fields an update may change. */
  public void describe(String slug, String displayName, String description, String state) {
    this.slug = slug;
    this.displayName = displayName;
    this.description = description;
    this.lifecycleState = state;
  }

  /** The document schema, fixed at creation like chunking; a JSON array of properties. */
  public void useSchema(UUID schemaProfileId, String schemaProperties) {
    this.schemaProfileId = schemaProfileId;
    this.schemaProperties = schemaProperties;
  }

  /**
   * Whether a deployment may bind the knowledge base: active, and ready (no sync queued or running,
   * and the last one did not fail). A knowledge base with no documents yet is ready: its empty
   * index is consistent with what is stored.
   */
  public boolean isEligibleForBinding() {
    return ACTIVE.equals(lifecycleState) && SYNC_READY.equals(syncStatus);
  }

  /** A sync run of one of its sources was queued or is running. */
  public void syncStarted() {
    this.syncStatus = SYNC_SYNCING;
  }

  /**
   * A sync run ended: {@code error} null for a success, the run's summary (JSON object text) kept
   * for the detail payload.
   */
  public void syncFinished(Instant at, String error, String summaryJson) {
    this.syncStatus = error == null ? SYNC_READY : SYNC_ERROR;
    this.lastSyncAt = at;
    this.lastSyncError = error == null ? null : error.substring(0, Math.min(2000, error.length()));
    this.lastSyncSummary = summaryJson;
  }

  /** Marks a change; call after the setters of one update. */
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

  public UUID getProviderId() {
    return providerId;
  }

  public String getIndexName() {
    return indexName;
  }

  public UUID getSchemaProfileId() {
    return schemaProfileId;
  }

  public String getSchemaProperties() {
    return schemaProperties;
  }

  public String getLifecycleState() {
    return lifecycleState;
  }

  public String getChunkingStrategy() {
    return chunkingStrategy;
  }

  public int getChunkLength() {
    return chunkLength;
  }

  public int getChunkOverlap() {
    return chunkOverlap;
  }

  public String getVectorizationMode() {
    return vectorizationMode;
  }

  public UUID getEmbeddingsProviderId() {
    return embeddingsProviderId;
  }

  public UUID getEmbeddingsModelId() {
    return embeddingsModelId;
  }

  public String getSyncStatus() {
    return syncStatus;
  }

  public Instant getLastSyncAt() {
    return lastSyncAt;
  }

  public String getLastSyncError() {
    return lastSyncError;
  }

  public String getLastSyncSummary() {
    return lastSyncSummary;
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
