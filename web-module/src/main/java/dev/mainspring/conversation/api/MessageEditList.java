package dev.mainspring.conversation.api;

import dev.mainspring.conversation.service.MessageEditView;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message's edit history, oldest first: what it said before each edit. */
public record MessageEditList(List<Edit> edits) {

  /** The content an edit replaced, who edited it and when. */
  @JsonbPropertyOrder({"content", "editedBy", "replacedAt"})
  public record Edit(JsonObject content, UUID editedBy, Instant replacedAt) {}

  static MessageEditList of(List<MessageEditView> views) {
    return new MessageEditList(
        views.stream().map(v -> new Edit(v.content(), v.editedBy(), v.replacedAt())).toList());
  }
}
