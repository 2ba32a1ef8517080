package dev.mainspring.conversation.model;

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
import java.util.UUID;

/**
 * A thread: the conversation that messages and agent runs belong to. It may belong to a project (by
 * id: projects are another context); deleting the project deletes its threads.
 */
@Entity
@Table(name = "threads")
public class ConversationThread implements TenantOwned {

  public static final int TITLE_MAX = 200;

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "created_by")
  @Convert(converter = UuidConverter.class)
  private UUID createdBy;

  @Column(name = "project_id")
  @Convert(converter = UuidConverter.class)
  private UUID projectId;

  @Column(length = TITLE_MAX)
  private String title;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** The one knowledge base the thread's knowledge searches look in; null: every bound one. */
  @Column(name = "knowledge_base_id")
  @Convert(converter = UuidConverter.class)
  private UUID knowledgeBaseId;

  @Version private long version;

  protected ConversationThread() {}

  private ConversationThread(
      UUID orgId, UUID createdBy, UUID projectId, String title, Instant now) {
    if (title != null && title.length() > TITLE_MAX) {
      throw new IllegalArgumentException(
          "thread title must be at most " + TITLE_MAX + " characters");
    }
    this.id = Ids.newId();
    this.orgId = java.util.Objects.requireNonNull(orgId, "orgId");
    this.createdBy = createdBy;
    this.projectId = projectId;
    this.title = title;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /**
   * A new thread of organization {@code orgId}, in the given project or in none when {@code
   * projectId} is null.
   */
  public static ConversationThread start(UUID orgId, UUID createdBy, UUID projectId, String title) {
    return new ConversationThread(orgId, createdBy, projectId, title, Timestamps.now());
  }

  /** Scopes the thread's knowledge searches to one knowledge base (null: every bound one). */
  public void scopeToKnowledgeBase(UUID knowledgeBase) {
    this.knowledgeBaseId = knowledgeBase;
  }

  public UUID getKnowledgeBaseId() {
    return knowledgeBaseId;
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

  public UUID getProjectId() {
    return projectId;
  }

  public String getTitle() {
    return title;
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
