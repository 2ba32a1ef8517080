package dev.mainspring.conversation.api;

/** How many messages a range delete removed. */
public record RangeDeleted(int deleted) {}
