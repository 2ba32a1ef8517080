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
    return encode(id.toString());
  }

  /**
   * The position the page starts after, or null for the first page: for lists ordered by a sequence
   * number rather than by id (ids order only to the millisecond).
   */
  public Long positionAfter() {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    String decoded = text(cursor);
    if (!decoded.startsWith(POSITION)) {
      throw invalidCursor();
    }
    try {
      return Long.parseLong(decoded.substring(POSITION.length()));
    } catch (NumberFormatException e) {
      throw invalidCursor();
    }
  }

  /** The cursor that continues after {@code position}. */
  public static String cursorAfterPosition(long position) {
    return encode(POSITION + position);
  }

  private static final String POSITION = "p:";

  private static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static String text(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw invalidCursor();
    }
  }

  private static UUID decode(String cursor) {
    try {
      return UUID.fromString(text(cursor));
    } catch (IllegalArgumentException e) {
      throw invalidCursor();
    }
  }

  private static InvalidRequestException invalidCursor() {
    return new InvalidRequestException("invalid_cursor", "cursor is not one this API returned");
  }
}
