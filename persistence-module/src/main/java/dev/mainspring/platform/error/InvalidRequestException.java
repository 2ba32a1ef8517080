package dev.mainspring.platform.error;

/** The request is well-formed but its values are not acceptable: 400. */
public class InvalidRequestException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String code, String message) {
    super(code, message);
  }

  @Override
  public int status() {
    return 400;
  }

  @Override
  public String title() {
    return "Bad Request";
  }
}
