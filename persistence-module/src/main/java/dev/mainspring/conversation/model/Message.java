package dev.mainspring.conversation.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.JsonbConverter;
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
import java.util.Set;
import java.util.UUID;

/**
 * A message of a thread: who said it ({@link #getRole}), what (its content, a JSON object of text
 * and structured parts, checked by the service), and who wrote it: a user (with one of the user's
 * API keys, when {@link #getAuthorKeyId} is set) or an agent run ({@link #getRunId}). Messages are
 * ordered by {@link #getPosition}, which grows with every message written.
 */
@Entity
@Table(name = "messages")
public class Message implements TenantOwned {

  /** The roles a message may have, as OpenAI's chat API names them. */
  public static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "thread_id", nullable = false)
  private UUID threadId;

  @Column(nullable = false)
  private long position;

  @Column(nullable = false, length = 16)
  private String role;

  @Column(nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String content;

  @Column(name = "author_user_id")
  @Convert(converter = UuidConverter.class)
  private UUID authorUserId;

  @Column(name = "author_key_id")
  @Convert(converter = UuidConverter.class)
  private UUID authorKeyId;

  @Column(name = "run_id")
  @Convert(converter = UuidConverter.class)
  private UUID runId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "edited_at")
  private Instant editedAt;

  @Version private long version;

  protected Message() {}

  private Message(
      UUID orgId,
      UUID threadId,
      long position,
      String role,
      String content,
      UUID authorUserId,
      UUID authorKeyId,
      UUID runId) {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("unknown message role " + role);
    }
    this.id = Ids.newId();
    this.orgId = Objects.requireNonNull(orgId, "orgId");
    this.threadId = Objects.requireNonNull(threadId, "threadId");
    this.position = position;
    this.role = role;
    this.content = Objects.requireNonNull(content, "content");
    this.authorUserId = authorUserId;
    this.authorKeyId = authorKeyId;
    this.runId = runId;
    this.createdAt = Timestamps.now();
  }

  /** A message a user wrote, with one of the user's API keys when {@code apiKeyId} is set. */
  public static Message byUser(
      UUID orgId,
      UUID threadId,
      long position,
      String role,
      String content,
      UUID userId,
      UUID apiKeyId) {
    return new Message(
        orgId, threadId, position, role, content, Objects.requireNonNull(userId), apiKeyId, null);
  }

  /**
   * A message an agent run wrote, with the id the run gave it beforehand (its streamed content
   * events name the message they build).
   */
  public static Message byRun(
      UUID id, UUID orgId, UUID threadId, long position, String role, String content, UUID runId) {
    Message message =
        new Message(
            orgId, threadId, position, role, content, null, null, Objects.requireNonNull(runId));
    message.id = Objects.requireNonNull(id, "id");
    return message;
  }

  /**
   * Replaces the content and answers the edit that keeps the previous one, which the caller stores.
   */
  public MessageEdit edit(String newContent, UUID editedBy) {
    Instant now = Timestamps.now();
    MessageEdit previous = new MessageEdit(orgId, id, content, editedBy, now);
    this.content = Objects.requireNonNull(newContent, "content");
    this.editedAt = now;
    return previous;
  }

  /** Whether {@code userId} wrote this message (with a token or with one of their API keys). */
  public boolean isAuthoredBy(UUID userId) {
    return authorUserId != null && authorUserId.equals(userId);
  }

  public UUID getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public UUID getThreadId() {
    return threadId;
  }

  public long getPosition() {
    return position;
  }

  public String getRole() {
    return role;
  }

  /** The content, a JSON object's text. */
  public String getContent() {
    return content;
  }

  public UUID getAuthorUserId() {
    return authorUserId;
  }

  public UUID getAuthorKeyId() {
    return authorKeyId;
  }

  public UUID getRunId() {
    return runId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public Instant getEditedAt() {
    return editedAt;
  }

  public long getVersion() {
    return version;
  }
}
