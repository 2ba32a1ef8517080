package dev.mainspring.platform.error;

import jakarta.ejb.ApplicationException;
import java.util.List;
import java.util.Map;

/** A domain error a client can act on: its {@link #code()} is stable and documented. */
@ApplicationException(rollback = true, inherited = true)
public abstract class MainspringException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;

  protected MainspringException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** A stable, snake_case identifier of the error, for clients to branch on. */
  public String code() {
    return code;
  }

  /** The HTTP status this error answers with. */
  public abstract int status();

  /** A short, fixed human title of the error family. */
  public abstract String title();

  /** Response headers this error needs, such as Retry-After or WWW-Authenticate. */
  public Map<String, String> headers() {
    return Map.of();
  }

  /**
   * Further members of the problem body, beside {@code code} and {@code detail}, that tell the
   * client what to do next: the models it may use ({@code allowed_models}), the threads whose runs
   * hold its limit ({@code running_thread_ids}).
   */
  public Map<String, List<String>> members() {
    return Map.of();
  }

  /**
   * Further single-valued members of the problem body, such as when a quota resets ({@code
   * resets_at}).
   */
  public Map<String, String> details() {
    return Map.of();
  }
}
