package dev.mainspring.identity.service.auth;

import dev.mainspring.platform.error.MainspringException;

/** Too many failed logins for this account or address: 429 with Retry-After. */
public class TooManyAttemptsException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  public TooManyAttemptsException(long retryAfterSeconds) {
    super("too_many_attempts", "too many failed logins; try again in " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public java.util.Map<String, String> headers() {
    return java.util.Map.of("Retry-After", Long.toString(retryAfterSeconds));
  }

  @Override
  public int status() {
    return 429;
  }

  @Override
  public String title() {
    return "Too Many Requests";
  }
}
