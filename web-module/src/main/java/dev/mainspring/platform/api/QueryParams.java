package dev.mainspring.platform.api;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.PageRequest;
import java.util.UUID;

/**
 * Parses query parameters into values with a 400 naming the parameter when they do not parse.
 * (JAX-RS would answer an unparseable query parameter with 404, which misleads clients.)
 */
public final class QueryParams {

  private QueryParams() {}

  /**
   * The page a list request asks for: {@code ?limit=} (default 20, at most 100) and {@code
   * ?cursor=}.
   */
  public static PageRequest page(String limit, String cursor) {
    return new PageRequest(cursor, limit(limit, PageRequest.DEFAULT_LIMIT));
  }

  /**
   * A {@code ?limit=} whole number, {@code defaultLimit} when absent; the range is the caller's.
   */
  public static int limit(String limit, int defaultLimit) {
    if (limit == null || limit.isBlank()) {
      return defaultLimit;
    }
    try {
      return Integer.parseInt(limit.trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("invalid_limit", "limit must be a whole number");
    }
  }

  /**
   * A whole-number parameter in {@code [min, max]}, {@code defaultValue} when absent; 400 {@code
   * invalid_<name>} otherwise.
   */
  public static int intInRange(String name, String value, int defaultValue, int min, int max) {
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidRequestException(
        "invalid_" + name, name + " must be a whole number from " + min + " to " + max);
  }

  /** An optional UUID parameter, null when absent. */
  public static UUID uuid(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid_" + name, name + " must be a UUID");
    }
  }
}
