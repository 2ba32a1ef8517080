package dev.mainspring.platform.service;

import dev.mainspring.platform.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Which page of a list to read: an opaque cursor from a previous page's {@code next_cursor} (or
 * none for the first page) and how many items at most.
 */
public record PageRequest(String cursor, int limit) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException(
          "invalid_limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** The id the page starts after, or null for the first page. */
  public UUID after() {
    return cursor == null || cursor.isEmpty() ? null : decode(cursor);
  }

  /** The cursor that continues after {@code id}, or null when there is nothing after. */
  public static String cursorAfter(UUID id) {
    if (id == null) {
      return null;
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(id.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static UUID decode(String cursor) {
    try {
      return UUID.fromString(
          new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid_cursor", "cursor is not one this API returned");
    }
  }
}
