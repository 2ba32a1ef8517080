package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;

/** The request body is larger than {@code mainspring.http.max-body-bytes}: 413. */
public class PayloadTooLargeException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(long limit) {
    super("payload_too_large", "the request body is larger than the limit of " + limit + " bytes");
  }

  @Override
  public int status() {
    return 413;
  }

  @Override
  public String title() {
    return "Content Too Large";
  }
}
