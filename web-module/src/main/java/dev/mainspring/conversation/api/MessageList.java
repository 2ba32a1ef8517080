package dev.mainspring.conversation.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A page of messages in the order asked for; {@code next_cursor} is null on the last page. */
@JsonbPropertyOrder({"messages", "nextCursor"})
public record MessageList(List<MessageResponse> messages, String nextCursor) {}
