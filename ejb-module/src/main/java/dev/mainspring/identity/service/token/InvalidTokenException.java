package dev.mainspring.identity.service.token;

import dev.mainspring.platform.error.UnauthorizedException;

/**
 * A bearer token was refused: 401 {@code invalid_token} (the error code RFC 6750 names). The {@link
 * #reason()} tells which check failed, for logs and tests; the message a client sees is a fixed
 * sentence per reason and never repeats anything taken from the token.
 */
public class InvalidTokenException extends UnauthorizedException {

  private static final long serialVersionUID = 1L;

  /** Which check a refused token failed. */
  public enum Reason {
    MALFORMED("the token is not a well-formed signed JWT"),
    UNSUPPORTED_ALGORITHM("the token's signature algorithm is not accepted"),
    UNSUPPORTED_TYPE("the token's type is not accepted"),
    UNKNOWN_KEY("the token is signed with a key that is not known"),
    BAD_SIGNATURE("the token's signature does not verify"),
    EXPIRED("the token has expired"),
    NOT_YET_VALID("the token is not valid yet"),
    WRONG_ISSUER("the token was issued by another issuer"),
    WRONG_AUDIENCE("the token is meant for another audience"),
    MISSING_CLAIM("the token lacks a required claim");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final Reason reason;

  public InvalidTokenException(Reason reason) {
    super("invalid_token", reason.description());
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
