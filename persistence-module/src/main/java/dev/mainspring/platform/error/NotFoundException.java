package dev.mainspring.platform.error;

import java.util.UUID;

/** The resource does not exist, or the caller may not know that it does: 404. */
public class NotFoundException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public NotFoundException(String code, String message) {
    super(code, message);
  }

  /** {@code kind} not found, for example {@code NotFoundException.of("project", id)}. */
  public static NotFoundException of(String kind, UUID id) {
    return new NotFoundException(
        kind + "_not_found", kind.replace('_', ' ') + " " + id + " not found");
  }

  @Override
  public int status() {
    return 404;
  }

  @Override
  public String title() {
    return "Not Found";
  }
}
