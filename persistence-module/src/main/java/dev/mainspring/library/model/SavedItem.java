package dev.mainspring.library.model;

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

/**
 * An item a user saved (document A's wishlist): a message of a thread, an agent, or a prompt's
 * text, with an optional title and note. Guards its invariants: a kind's reference is always there,
 * and only its.
 */
@Entity
@Table(name = "saved_items")
public class SavedItem implements TenantOwned {

  public static final String MESSAGE = "message";
  public static final String AGENT = "agent";
  public static final String PROMPT = "prompt";
  public static final int TITLE_MAX = 200;
  public static final int NOTE_MAX = 2000;
  public static final int PROMPT_MAX = 100_000;

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "user_id", nullable = false)
  private UUID userId;

  @Column(nullable = false)
  private String kind;

  @Column(name = "thread_id")
  @Convert(converter = UuidConverter.class)
  private UUID threadId;

  @Column(name = "message_id")
  @Convert(converter = UuidConverter.class)
  private UUID messageId;

  @Column(name = "agent_id")
  @Convert(converter = UuidConverter.class)
  private UUID agentId;

  private String prompt;

  private String title;

  private String note;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected SavedItem() {}

  private static SavedItem base(UUID orgId, UUID userId, String kind, String title, String note) {
    SavedItem item = new SavedItem();
    Instant now = Timestamps.now();
    item.id = Ids.newId();
    item.orgId = Objects.requireNonNull(orgId, "orgId");
    item.userId = Objects.requireNonNull(userId, "userId");
    item.kind = kind;
    item.title = checkTitle(title);
    item.note = checkNote(note);
    item.createdAt = now;
    item.updatedAt = now;
    return item;
  }

  /** A saved message of a thread. */
  public static SavedItem message(
      UUID orgId, UUID userId, UUID threadId, UUID messageId, String title, String note) {
    SavedItem item = base(orgId, userId, MESSAGE, title, note);
    item.threadId = Objects.requireNonNull(threadId, "threadId");
    item.messageId = Objects.requireNonNull(messageId, "messageId");
    return item;
  }

  /** A saved agent. */
  public static SavedItem agent(UUID orgId, UUID userId, UUID agentId, String title, String note) {
    SavedItem item = base(orgId, userId, AGENT, title, note);
    item.agentId = Objects.requireNonNull(agentId, "agentId");
    return item;
  }

  /** A saved prompt. */
  public static SavedItem prompt(
      UUID orgId, UUID userId, String prompt, String title, String note) {
    SavedItem item = base(orgId, userId, PROMPT, title, note);
    item.prompt = checkPrompt(prompt);
    return item;
  }

  /** Changes what is given (null: unchanged; empty: cleared, but a prompt's text). */
  public void change(String newTitle, String newNote, String newPrompt) {
    if (newTitle != null) {
      title = newTitle.isEmpty() ? null : checkTitle(newTitle);
    }
    if (newNote != null) {
      note = newNote.isEmpty() ? null : checkNote(newNote);
    }
    if (newPrompt != null) {
      if (!PROMPT.equals(kind)) {
        throw new IllegalArgumentException("only a saved prompt has a prompt");
      }
      prompt = checkPrompt(newPrompt);
    }
    updatedAt = Timestamps.now();
  }

  private static String checkTitle(String title) {
    if (title != null && (title.isBlank() || title.length() > TITLE_MAX)) {
      throw new IllegalArgumentException("title must be 1 to " + TITLE_MAX + " characters");
    }
    return title;
  }

  private static String checkNote(String note) {
    if (note != null && note.length() > NOTE_MAX) {
      throw new IllegalArgumentException("note must be at most " + NOTE_MAX + " characters");
    }
    return note;
  }

  private static String checkPrompt(String prompt) {
    if (prompt == null || prompt.isBlank() || prompt.length() > PROMPT_MAX) {
      throw new IllegalArgumentException("prompt must be 1 to " + PROMPT_MAX + " characters");
    }
    return prompt;
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

  public UUID getThreadId() {
    return threadId;
  }

  public UUID getMessageId() {
    return messageId;
  }

  public UUID getAgentId() {
    return agentId;
  }

  public String getPrompt() {
    return prompt;
  }

  public String getTitle() {
    return title;
  }

  public String getNote() {
    return note;
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
