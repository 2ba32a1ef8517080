package dev.mainspring.conversation.model;

import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.JsonbConverter;
import dev.mainspring.platform.model.TenantOwned;
import dev.mainspring.platform.model.UuidConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What a message said before one edit, and who replaced it when. */
@Entity
@Table(name = "message_edits")
public class MessageEdit implements TenantOwned {

  @Id private UUID id;

  @Column(name = "org_id", nullable = false)
  private UUID orgId;

  @Column(name = "message_id", nullable = false)
  private UUID messageId;

  @Column(nullable = false)
  @Convert(converter = JsonbConverter.class)
  private String content;

  @Column(name = "edited_by")
  @Convert(converter = UuidConverter.class)
  private UUID editedBy;

  @Column(name = "replaced_at", nullable = false)
  private Instant replacedAt;

  protected MessageEdit() {}

  MessageEdit(UUID orgId, UUID messageId, String content, UUID editedBy, Instant replacedAt) {
    this.id = Ids.newId();
    this.orgId = orgId;
    this.messageId = messageId;
    this.content = content;
    this.editedBy = editedBy;
    this.replacedAt = replacedAt;
  }

  public UUID getId() {
    return id;
  }

  @Override
  public UUID getOrgId() {
    return orgId;
  }

  public UUID getMessageId() {
    return messageId;
  }

  /** The replaced content, a JSON object's text. */
  public String getContent() {
    return content;
  }

  public UUID getEditedBy() {
    return editedBy;
  }

  public Instant getReplacedAt() {
    return replacedAt;
  }
}
