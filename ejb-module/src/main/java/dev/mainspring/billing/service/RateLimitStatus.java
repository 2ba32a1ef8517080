package dev.mainspring.billing.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an organization stands in its request window, as the IETF RateLimit header fields
 * (draft-ietf-httpapi-ratelimit-headers) tell a client, on every answer of a limited endpoint:
 *
 * <pre>
 * RateLimit-Policy: "default";q=60;w=60
 * RateLimit: "default";r=12;t=37
 * </pre>
 *
 * Windows are fixed: a minute from the start of each UTC minute ({@link #windowStart}).
 *
 * @param limit requests per window
 * @param remaining requests left in the window
 * @param resetSeconds seconds until the window ends
 */
public record RateLimitStatus(int limit, int remaining, long resetSeconds) {

  /** The length of a window in seconds. */
  public static final int WINDOW_SECONDS = 60;

  /** The start of the window {@code now} is in. */
  public static Instant windowStart(Instant now) {
    long seconds = Math.floorDiv(now.getEpochSecond(), WINDOW_SECONDS) * WINDOW_SECONDS;
    return Instant.ofEpochSecond(seconds);
  }

  /**
   * Whole seconds from {@code now} until the window that started at {@code windowStart} ends, at
   * least 1 (a client told 0 would retry at once) and at most a window.
   */
  public static long secondsToReset(Instant windowStart, Instant now) {
    long millis = windowStart.plusSeconds(WINDOW_SECONDS).toEpochMilli() - now.toEpochMilli();
    return Math.max(1, Math.min(WINDOW_SECONDS, (millis + 999) / 1000));
  }

  /**
   * The status after a request was counted as the {@code counted}-th of its window (null: the
   * window was full and it was not counted).
   */
  public static RateLimitStatus of(int limit, Integer counted, Instant windowStart, Instant now) {
    int remaining = counted == null ? 0 : Math.max(0, limit - counted);
    return new RateLimitStatus(limit, remaining, secondsToReset(windowStart, now));
  }

  /** The value of {@code RateLimit-Policy}. */
  public String policy() {
    return "\"default\";q=" + limit + ";w=" + WINDOW_SECONDS;
  }

  /** The value of {@code RateLimit}. */
  public String rateLimit() {
    return "\"default\";r=" + remaining + ";t=" + resetSeconds;
  }

  /** Both header fields, in order. */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("RateLimit-Policy", policy());
    headers.put("RateLimit", rateLimit());
    return headers;
  }
}
