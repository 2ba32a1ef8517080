package dev.mainspring.conversation.api;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** A page of threads, newest first; {@code next_cursor} is null on the last page. */
@JsonbPropertyOrder({"threads", "nextCursor"})
public record ThreadList(List<ThreadResponse> threads, String nextCursor) {}
