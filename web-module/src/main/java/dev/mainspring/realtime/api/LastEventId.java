package dev.mainspring.realtime.api;

import dev.mainspring.platform.error.InvalidRequestException;

/**
 * Where a reconnecting SSE client resumes: the {@code Last-Event-ID} header its library sends, or
 * {@code ?last_event_id=} for clients that cannot set headers (a browser's EventSource on its first
 * connection). The header wins when both are given.
 */
public final class LastEventId {

  private LastEventId() {}

  /**
   * The sequence to resume after, 0 (from the start) when neither is given.
   *
   * @throws InvalidRequestException {@code invalid_last_event_id} when the value is not a whole
   *     number of 0 or more
   */
  public static long parse(String header, String query) {
    String value = header != null && !header.isBlank() ? header : query;
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long sequence = Long.parseLong(value.trim());
      if (sequence >= 0) {
        return sequence;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidRequestException(
        "invalid_last_event_id",
        "Last-Event-ID and last_event_id must be a whole number, 0 or more");
  }
}
