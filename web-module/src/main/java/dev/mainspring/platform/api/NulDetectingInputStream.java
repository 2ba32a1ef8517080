package dev.mainspring.platform.api;

import dev.mainspring.platform.error.InvalidRequestException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a JSON body through and fails with 400 {@code invalid_text} as soon as it carries a NUL
 * character: the JSON escape of U+0000 inside a string, or a raw zero byte anywhere. PostgreSQL
 * cannot store NUL in text, so such a value would fail only when written, after the service did its
 * work, as a 500.
 *
 * <p>It reads UTF-8 (or ASCII) JSON byte by byte and keeps just enough state to tell an escape in a
 * string from text that merely looks like one: {@code "a\\u0000"} (an escaped backslash followed by
 * {@code u0000}) is not a NUL. Every byte it looks at is ASCII; the bytes of a multi-byte UTF-8
 * character never are, so they cannot be mistaken for quotes or backslashes.
 */
final class NulDetectingInputStream extends FilterInputStream {

  private enum State {
    OUTSIDE_STRING,
    IN_STRING,
    AFTER_BACKSLASH,
    IN_UNICODE_ESCAPE
  }

  private State state = State.OUTSIDE_STRING;
  private int hexDigits;
  private int codeUnit;

  NulDetectingInputStream(InputStream in) {
    super(in);
  }

  /** The error a body with a NUL answers. */
  static InvalidRequestException nulInBody() {
    return new InvalidRequestException(
        "invalid_text",
        "the request body contains a NUL character (\\u0000), which text here must not contain");
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      inspect((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = offset; i < offset + n; i++) {
      inspect(buffer[i]);
    }
    return n;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[(int) Math.min(n, 8192)];
    int read = read(discard, 0, discard.length);
    return Math.max(read, 0);
  }

  private void inspect(byte b) {
    if (b == 0) {
      throw nulInBody();
    }
    switch (state) {
      case OUTSIDE_STRING -> {
        if (b == '"') {
          state = State.IN_STRING;
        }
      }
      case IN_STRING -> {
        if (b == '\\') {
          state = State.AFTER_BACKSLASH;
        } else if (b == '"') {
          state = State.OUTSIDE_STRING;
        }
      }
      case AFTER_BACKSLASH -> {
        if (b == 'u') {
          state = State.IN_UNICODE_ESCAPE;
          hexDigits = 0;
          codeUnit = 0;
        } else {
          state = State.IN_STRING;
        }
      }
      case IN_UNICODE_ESCAPE -> {
        int digit = Character.digit(b, 16);
        if (digit < 0) {
          // Not an escape after all; the JSON parser will refuse it. Judge the byte as text.
          state = State.IN_STRING;
          inspect(b);
          return;
        }
        codeUnit = codeUnit * 16 + digit;
        if (++hexDigits == 4) {
          if (codeUnit == 0) {
            throw nulInBody();
          }
          state = State.IN_STRING;
        }
      }
    }
  }
}
