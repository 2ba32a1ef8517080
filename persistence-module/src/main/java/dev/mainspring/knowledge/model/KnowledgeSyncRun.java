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
 * A sync run of a knowledge source, or a resync of a knowledge base (document C): its state ({@code
 * queued}, {@code running}, {@code ready}, {@code error}), file and document counters, the files
 * that failed, and the Jakarta Batch job execution doing it. The counters are added to in the same
 * transaction as the documents a chunk of the job writes, so they count each file once.
 */
@Entity
@Table(name = "kb_sync_runs")
public class KnowledgeSyncRun {

  public static final String SOURCE_SYNC = "source_sync";
  public static final String RESYNC = "resync";
  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String READY = "ready";
  public static final String ERROR = "error";

  @Id private UUID id;

  @Column(name = "knowledge_base_id", nullable = false)
  @Convert(converter = UuidConverter.class)
  private UUID knowledgeBaseId;

  @Column(name = "source_id")
  @Convert(converter = UuidConverter.class)
  private UUID sourceId;

  @Column(nullable = false, length = 16)
  private String operation;

  @Column(nullable = false, length = 16)
  private String status;

  @Column(name = "job_execution_id")
  private Long jobExecutionId;

  @Column(name = "files_seen", nullable = false)
  private int filesSeen;

  @Column(name = "files_written", nullable = false)
  private int filesWritten;

  @Column(name = "files_unchanged", nullable = false)
  private int filesUnchanged;

  @Column(name = "files_failed", nullable = false)
  private int filesFailed;

  @Column(name = "documents_deleted", nullable = false)
  private int documentsDeleted;

  @Column(name = "documents_rebuilt", insertable = false, updatable = false)
  private int documentsRebuilt;

  @Column(nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String errors;

  @Column(length = 2000)
  private String error;

  @Column(name = "checkpoint_path", insertable = false, updatable = false)
  private String checkpointPath;

  @Column(name = "checkpoint_document_id", insertable = false, updatable = false)
  @Convert(converter = UuidConverter.class)
  private UUID checkpointDocumentId;

  @Column(name = "lease_owner", insertable = false, updatable = false)
  private String leaseOwner;

  @Column(insertable = false, updatable = false)
  private int attempts;

  @Column(name = "requested_by")
  @Convert(converter = UuidConverter.class)
  private UUID requestedBy;

  @Column(name = "org_id")
  @Convert(converter = UuidConverter.class)
  private UUID orgId;

  @Version private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  protected KnowledgeSyncRun() {}

  /**
   * A queued sync of the source, for the person who asked ({@code orgId}: the organization the
   * embeddings are metered to, null for a superadmin acting for none).
   */
  public KnowledgeSyncRun(UUID knowledgeBaseId, UUID sourceId, UUID requestedBy, UUID orgId) {
    this(knowledgeBaseId, sourceId, SOURCE_SYNC, requestedBy, orgId);
  }

  /**
   * A queued resync of the knowledge base: its active local_directory sources reconciled, then
   * every document re-chunked and re-embedded from its stored text.
   */
  public static KnowledgeSyncRun resync(UUID knowledgeBaseId, UUID requestedBy, UUID orgId) {
    return new KnowledgeSyncRun(knowledgeBaseId, null, RESYNC, requestedBy, orgId);
  }

  private KnowledgeSyncRun(
      UUID knowledgeBaseId, UUID sourceId, String operation, UUID requestedBy, UUID orgId) {
    this.id = Ids.newId();
    this.knowledgeBaseId = knowledgeBaseId;
    this.sourceId = sourceId;
    this.operation = operation;
    this.status = QUEUED;
    this.errors = "[]";
    this.requestedBy = requestedBy;
    this.orgId = orgId;
    this.createdAt = Timestamps.now();
  }

  /** The job began (or resumed) its work. */
  public void running() {
    this.status = RUNNING;
    if (startedAt == null) {
      startedAt = Timestamps.now();
    }
  }

  /** The job ended; {@code error} null when it succeeded. */
  public void finished(String error) {
    this.status = error == null ? READY : ERROR;
    this.error = error == null ? null : error.substring(0, Math.min(2000, error.length()));
    this.finishedAt = Timestamps.now();
  }

  /** Deleted documents of files gone from the directory. */
  public void deleted(int documents) {
    this.documentsDeleted += documents;
  }

  public boolean isResync() {
    return RESYNC.equals(operation);
  }

  public boolean isActive() {
    return QUEUED.equals(status) || RUNNING.equals(status);
  }

  public UUID getId() {
    return id;
  }

  public UUID getKnowledgeBaseId() {
    return knowledgeBaseId;
  }

  public UUID getSourceId() {
    return sourceId;
  }

  public String getOperation() {
    return operation;
  }

  public String getStatus() {
    return status;
  }

  public Long getJobExecutionId() {
    return jobExecutionId;
  }

  public int getFilesSeen() {
    return filesSeen;
  }

  public int getFilesWritten() {
    return filesWritten;
  }

  public int getFilesUnchanged() {
    return filesUnchanged;
  }

  public int getFilesFailed() {
    return filesFailed;
  }

  public int getDocumentsDeleted() {
    return documentsDeleted;
  }

  /** Documents a resync re-chunked and re-embedded (the repository counts them). */
  public int getDocumentsRebuilt() {
    return documentsRebuilt;
  }

  /**
   * The last document, in id order, whose rebuilt chunks committed (the repository writes it), null
   * before the first.
   */
  public UUID getCheckpointDocumentId() {
    return checkpointDocumentId;
  }

  public String getErrors() {
    return errors;
  }

  public String getError() {
    return error;
  }

  /** The last file whose chunk committed (the repository writes it), null before the first. */
  public String getCheckpointPath() {
    return checkpointPath;
  }

  /** The instance executing the run (the repository leases it). */
  public String getLeaseOwner() {
    return leaseOwner;
  }

  /** How often the run was claimed after its instance died. */
  public int getAttempts() {
    return attempts;
  }

  public UUID getRequestedBy() {
    return requestedBy;
  }

  public UUID getOrgId() {
    return orgId;
  }

  public long getVersion() {
    return version;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getStartedAt() {
    return startedAt;
  }

  public Instant getFinishedAt() {
    return finishedAt;
  }
}
