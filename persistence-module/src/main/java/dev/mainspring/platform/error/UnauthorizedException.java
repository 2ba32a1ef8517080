package dev.mainspring.platform.error;

import java.util.Map;

/**
 * The request carries no usable credentials: 401. Every reason answers with the same code and
 * sentence, so that a wrong password and an unknown account look alike.
 */
public class UnauthorizedException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String code, String message) {
    super(code, message);
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("WWW-Authenticate", "Bearer realm=\"mainspring\", error=\"invalid_token\"");
  }

  @Override
  public int status() {
    return 401;
  }

  @Override
  public String title() {
    return "Unauthorized";
  }
}
