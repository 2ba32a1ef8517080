package dev.mainspring.inference.service.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where one provider instance is and how patiently to talk to it.
 *
 * <ul>
 *   <li>{@code baseUrl}: the API root, such as {@code http://127.0.0.1:8000/v1}.
 *   <li>{@code apiKey}: sent as {@code Authorization: Bearer}; null for none. Never printed.
 *   <li>{@code connectTimeout}: for opening the connection.
 *   <li>{@code firstByteTimeout}: from sending the request, connecting included, to the status
 *       line. A non-streamed completion answers only when it is complete, so this bounds its whole
 *       generation.
 *   <li>{@code idleTimeout}: the longest silence allowed between stream lines once the status has
 *       arrived, including the wait for the first chunk, and for reading a non-streamed body.
 *   <li>{@code maxRetries}: retries after the first attempt, only before any answer began.
 *   <li>{@code retryBackoff}: the first wait when the upstream gave no Retry-After, doubled each
 *       time; {@code maxRetryWait}: the longest wait; a Retry-After beyond it is passed on at once.
 * </ul>
 */
public record UpstreamSettings(
    URI baseUrl,
    String apiKey,
    Duration connectTimeout,
    Duration firstByteTimeout,
    Duration idleTimeout,
    int maxRetries,
    Duration retryBackoff,
    Duration maxRetryWait) {

  public UpstreamSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("an upstream URL must be http(s)");
    }
    if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null) {
      throw new IllegalArgumentException("an upstream URL takes no credentials and no query");
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries cannot be negative");
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(firstByteTimeout, "firstByteTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(maxRetryWait, "maxRetryWait");
  }

  /** Settings for {@code baseUrl} with defaults fit for a local inference server. */
  public static UpstreamSettings of(URI baseUrl, String apiKey) {
    return new UpstreamSettings(
        baseUrl,
        apiKey,
        Duration.ofSeconds(5),
        Duration.ofSeconds(120),
        Duration.ofSeconds(60),
        2,
        Duration.ofMillis(250),
        Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return "UpstreamSettings[baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + ", connectTimeout="
        + connectTimeout
        + ", firstByteTimeout="
        + firstByteTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", maxRetries="
        + maxRetries
        + "]";
  }
}
