package dev.mainspring.conversation.service;

import dev.mainspring.platform.error.InvalidRequestException;

/** The order of a message list: newest first (the default) or oldest first. */
public enum MessageOrder {
  DESC,
  ASC;

  /** {@code ?order=asc|desc}, {@link #DESC} when absent; 400 {@code invalid_order} otherwise. */
  public static MessageOrder parse(String order) {
    if (order == null || order.isBlank() || order.trim().equalsIgnoreCase("desc")) {
      return DESC;
    }
    if (order.trim().equalsIgnoreCase("asc")) {
      return ASC;
    }
    throw new InvalidRequestException("invalid_order", "order must be asc or desc");
  }
}
