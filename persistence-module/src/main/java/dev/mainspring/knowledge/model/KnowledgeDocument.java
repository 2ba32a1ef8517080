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
 * A document of a knowledge base (document C): its whole text, kept so that its chunks can be made
 * again, with a title, metadata and where it came from ({@code api} or {@code upload}). Its chunks
 * ({@link KnowledgeChunk}) are replaced whenever the text changes.
 */
@Entity
@Table(name = "kb_documents")
public class KnowledgeDocument {

  public static final String ORIGIN_API = "api";
  public static final String ORIGIN_UPLOAD = "upload";

  /** Read from a source by a sync run; its identity is its source and path there. */
  public static final String ORIGIN_SOURCE = "source";

  @Id private UUID id;

  @Column(name = "knowledge_base_id", nullable = false)
  @Convert(converter = UuidConverter.class)
  private UUID knowledgeBaseId;

  @Column(nullable = false, length = 16)
  private String origin;

  @Column(nullable = false, length = 300)
  private String title;

  @Column(name = "source_path", length = 1000)
  private String sourcePath;

  @Column(name = "source_id")
  @Convert(converter = UuidConverter.class)
  private UUID sourceId;

  @Column(name = "media_type", nullable = false, length = 100)
  private String mediaType;

  @Column(nullable = false)
  private String text;

  @Column(nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String metadata;

  @Column(name = "content_hash", nullable = false, length = 64)
  private String contentHash;

  @Column(name = "chunk_count", nullable = false)
  private int chunkCount;

  @Column(name = "token_count", nullable = false)
  private int tokenCount;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Version private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected KnowledgeDocument() {}

  public KnowledgeDocument(UUID knowledgeBaseId, String origin, UUID createdBy) {
    this.id = Ids.newId();
    this.knowledgeBaseId = knowledgeBaseId;
    this.origin = origin;
    this.createdBy = createdBy;
    this.createdAt = Timestamps.now();
    this.updatedAt = createdAt;
  }

  /** The document's content and what describes it; {@code metadata} is a JSON object's text. */
  public void describe(String title, String sourcePath, String mediaType, String metadata) {
    this.title = title;
    this.sourcePath = sourcePath;
    this.mediaType = mediaType;
    this.metadata = metadata;
  }

  /** The text, its SHA-256 (hex) and what chunking made of it. */
  public void content(String text, String contentHash, int chunkCount, int tokenCount) {
    this.text = text;
    this.contentHash = contentHash;
    this.chunkCount = chunkCount;
    this.tokenCount = tokenCount;
  }

  /** Marks a change; call after the setters of one update. */
  public void touch() {
    this.updatedAt = Timestamps.now();
  }

  /** Marks the document as the one a sync of {@code sourceId} made for its source path. */
  public void fromSource(UUID sourceId) {
    this.sourceId = sourceId;
  }

  public UUID getSourceId() {
    return sourceId;
  }

  public UUID getId() {
    return id;
  }

  public UUID getKnowledgeBaseId() {
    return knowledgeBaseId;
  }

  public String getOrigin() {
    return origin;
  }

  public String getTitle() {
    return title;
  }

  public String getSourcePath() {
    return sourcePath;
  }

  public String getMediaType() {
    return mediaType;
  }

  public String getText() {
    return text;
  }

  public String getMetadata() {
    return metadata;
  }

  public String getContentHash() {
    return contentHash;
  }

  public int getChunkCount() {
    return chunkCount;
  }

  public int getTokenCount() {
    return tokenCount;
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
