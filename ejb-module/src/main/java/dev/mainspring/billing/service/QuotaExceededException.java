package dev.mainspring.billing.service;

import dev.mainspring.platform.error.MainspringException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * 429 {@code quota_exceeded}: the organization used its plan's tokens for the period. Nothing was
 * done or charged; {@code resets_at} (and {@code Retry-After}) say when the period ends.
 */
public class QuotaExceededException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final Instant resetsAt;

  public QuotaExceededException(long quota, Instant resetsAt) {
    super(
        "quota_exceeded",
        "the organization has used its plan's "
            + quota
            + " tokens for this period; the quota resets at "
            + resetsAt);
    this.resetsAt = resetsAt;
  }

  public Instant resetsAt() {
    return resetsAt;
  }

  @Override
  public int status() {
    return 429;
  }

  @Override
  public String title() {
    return "Too Many Requests";
  }

  @Override
  public Map<String, String> headers() {
    long seconds = Duration.between(Instant.now(), resetsAt).toSeconds();
    return Map.of("Retry-After", Long.toString(Math.max(1, seconds)));
  }

  @Override
  public Map<String, String> details() {
    return Map.of("resets_at", resetsAt.toString());
  }
}
