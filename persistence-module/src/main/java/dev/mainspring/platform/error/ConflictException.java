package dev.mainspring.platform.error;

/** The request collides with the current state, for example a concurrent update: 409. */
public class ConflictException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public ConflictException(String code, String message) {
    super(code, message);
  }

  @Override
  public int status() {
    return 409;
  }

  @Override
  public String title() {
    return "Conflict";
  }
}
