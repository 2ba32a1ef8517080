package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;

/** The request body is declared in a character set other than UTF-8: 415. */
public class CharsetNotSupportedException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public CharsetNotSupportedException() {
    super(
        "unsupported_charset",
        "request bodies must be UTF-8; send no charset parameter or charset=utf-8");
  }

  @Override
  public int status() {
    return 415;
  }

  @Override
  public String title() {
    return "Unsupported Media Type";
  }
}
