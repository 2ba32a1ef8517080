package dev.mainspring.catalog.model;

import dev.mainspring.platform.model.JsonbConverter;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.Timestamps;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A playground session of document C: a user's thread (same id; its messages and runs are the
 * thread's) with the session's kind ({@code chat} or {@code knowledge}), the assistant it talks to
 * (a catalog agent reference, or null for the organization's default agent), the model selection
 * and the knowledge binding, as JSON the service checks.
 */
@Entity
@Table(name = "playground_sessions")
public class PlaygroundSession implements TenantOwned {

  public static final String CHAT = "chat";
  public static final String KNOWLEDGE = "knowledge";
  public static final int TITLE_MAX = 200;

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "user_id", nullable = false)
  private UUID userId;

  @Column(name = "playground_kind", nullable = false)
  private String kind;

  @Column(nullable = false)
  private String title;

  @Column(name = "assistant_ref")
  private String assistantRef;

  @Column(name = "model_selection")
  @Convert(converter = JsonbConverter.class)
  private String modelSelection;

  @Column(name = "knowledge_binding")
  @Convert(converter = JsonbConverter.class)
  private String knowledgeBinding;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected PlaygroundSession() {}

  /** The session of thread {@code threadId}. */
  public PlaygroundSession(
      UUID threadId,
      UUID orgId,
      UUID userId,
      String kind,
      String title,
      String assistantRef,
      String modelSelection,
      String knowledgeBinding) {
    if (!CHAT.equals(kind) && !KNOWLEDGE.equals(kind)) {
      throw new IllegalArgumentException("playground_kind is chat or knowledge");
    }
    Instant now = Timestamps.now();
    this.id = Objects.requireNonNull(threadId, "threadId");
    this.orgId = Objects.requireNonNull(orgId, "orgId");
    this.userId = Objects.requireNonNull(userId, "userId");
    this.kind = kind;
    this.createdAt = now;
    change(title, assistantRef, modelSelection, knowledgeBinding);
  }

  /** Replaces the session's settings (the service merges a partial update first). */
  public void change(
      String newTitle, String newAssistantRef, String newModelSelection, String newBinding) {
    if (newTitle == null || newTitle.isBlank() || newTitle.length() > TITLE_MAX) {
      throw new IllegalArgumentException("title must be 1 to " + TITLE_MAX + " characters");
    }
    this.title = newTitle;
    this.assistantRef = newAssistantRef;
    this.modelSelection = newModelSelection;
    this.knowledgeBinding = newBinding;
    this.updatedAt = Timestamps.now();
  }

  /** Marks the session used now (a message was sent). */
  public void touch() {
    this.updatedAt = Timestamps.now();
  }

  public UUID getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public UUID getUserId() {
    return userId;
  }

  public String getKind() {
    return kind;
  }

  public String getTitle() {
    return title;
  }

  public String getAssistantRef() {
    return assistantRef;
  }

  public String getModelSelection() {
    return modelSelection;
  }

  public String getKnowledgeBinding() {
    return knowledgeBinding;
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
