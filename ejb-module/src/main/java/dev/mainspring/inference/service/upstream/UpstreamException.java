package dev.mainspring.inference.service.upstream;

import dev.mainspring.platform.error.MainspringException;
import java.util.Map;
import java.util.Optional;

/**
 * A provider instance failed to answer: 502 {@code upstream_error} (it broke or answered a 5xx),
 * 503 {@code upstream_unavailable} (unreachable or overloaded), 504 {@code upstream_timeout} (too
 * slow), 429 {@code upstream_rate_limited} (passed on with its Retry-After), or {@code
 * upstream_rejected} with the upstream's own 4xx when it refused the request itself; then {@link
 * #upstreamBody()} holds its answer for the caller to pass on.
 *
 * <p>The message is what a client is shown: a plain sentence about "the provider", without its URL,
 * an exception's class or text, or its API key. What the operator needs to find the cause (the
 * provider's URL, the I/O error) is the {@link #detail()}, kept for the server log: {@link
 * #toString()}, and so every log line that carries this exception, includes it.
 */
public class UpstreamException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final Long retryAfterSeconds;
  private final String upstreamBody;
  private String detail;
  private Integer answeredStatus;

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

  /** Adds what only the server log may show: the provider's URL, the I/O error as caught. */
  UpstreamException withDetail(String detail, Throwable cause) {
    this.detail = detail;
    if (cause != null) {
      initCause(cause);
    }
    return this;
  }

  /** Records that the provider did answer, with this HTTP status, rather than not at all. */
  UpstreamException answered(int status) {
    this.answeredStatus = status;
    return this;
  }

  /** For the server log: which provider failed and how; never shown to a client. */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /** The HTTP status the provider answered with, when the failure is its answer. */
  public Optional<Integer> answeredStatus() {
    return Optional.ofNullable(answeredStatus);
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

  /** The class, code and message, and the {@link #detail()}: what a log line should show. */
  @Override
  public String toString() {
    return getClass().getName()
        + " ["
        + code()
        + "]: "
        + getMessage()
        + (detail == null ? "" : " (" + detail + ")");
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
