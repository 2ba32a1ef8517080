package dev.mainspring.platform.error;

/** The caller is known but may not do this: 403. */
public class ForbiddenException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public ForbiddenException(String code, String message) {
    super(code, message);
  }

  @Override
  public int status() {
    return 403;
  }

  @Override
  public String title() {
    return "Forbidden";
  }
}
