package dev.mainspring.inference.service.upstream;

import dev.mainspring.platform.error.MainspringException;
import java.util.Map;
import java.util.Optional;

/**
 * A provider instance failed to answer: 502 {@code upstream_error} (it broke or answered a 5xx),
 * 503 {@code upstream_unavailable} (unreachable or overloaded), 504 {@code upstream_timeout} (too
 * slow), 429 {@code upstream_rate_limited} (passed on with its Retry-After), or {@code
 * upstream_rejected} with the upstream's own 4xx when it refused the request itself; then {@link
 * #upstreamBody()} holds its answer for the caller to pass on. Messages name the upstream by its
 * URL and never carry its API key.
 */
public class UpstreamException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final Long retryAfterSeconds;
  private final String upstreamBody;

  private UpstreamException(
      String code, int status, String message, Long retryAfterSeconds, String upstreamBody) {
    super(code, message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.upstreamBody = upstreamBody;
  }

  /** 502: the upstream broke the connection or answered a server error. */
  public static UpstreamException error(String message) {
    return new UpstreamException("upstream_error", 502, message, null, null);
  }

  /** 503: the upstream cannot be reached or says it is unavailable. */
  public static UpstreamException unavailable(String message, Optional<Long> retryAfterSeconds) {
    return new UpstreamException(
        "upstream_unavailable", 503, message, retryAfterSeconds.orElse(null), null);
  }

  /** 504: no answer within the first-byte timeout, or a stream fell silent. */
  public static UpstreamException timeout(String message) {
    return new UpstreamException("upstream_timeout", 504, message, null, null);
  }

  /** 429: the upstream's rate limit, passed on with its Retry-After when it gave one. */
  public static UpstreamException rateLimited(String message, Optional<Long> retryAfterSeconds) {
    return new UpstreamException(
        "upstream_rate_limited", 429, message, retryAfterSeconds.orElse(null), null);
  }

  /** The upstream's own 4xx for a request it refuses, such as a prompt too long: passed on. */
  public static UpstreamException rejected(int status, String message, String upstreamBody) {
    return new UpstreamException("upstream_rejected", status, message, null, upstreamBody);
  }

  /** The Retry-After, in seconds, the upstream asked for. */
  public Optional<Long> retryAfterSeconds() {
    return Optional.ofNullable(retryAfterSeconds);
  }

  /** The upstream's body of a rejected request; empty for every other failure. */
  public Optional<String> upstreamBody() {
    return Optional.ofNullable(upstreamBody);
  }

  @Override
  public Map<String, String> headers() {
    return retryAfterSeconds == null
        ? Map.of()
        : Map.of("Retry-After", Long.toString(retryAfterSeconds));
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String title() {
    return switch (status) {
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 502 -> "Bad Gateway";
      default -> "Upstream Rejected the Request";
    };
  }
}
