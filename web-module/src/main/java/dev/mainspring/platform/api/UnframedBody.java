package dev.mainspring.platform.api;

import java.io.IOException;

/**
 * Finds where the body of a request with an {@code Upgrade} header ends, which the HTTP server does
 * not do for such a request.
 *
 * <p>Grizzly, Payara's HTTP server, takes a request with an {@code Upgrade} header for the start of
 * a switched protocol: its HTTP/1.1 codec passes every byte after the headers on as they come,
 * ignoring {@code Content-Length} and {@code Transfer-Encoding}, and never reports the body's end.
 * Only its HTTP/2 filter undoes that, for the h2c upgrades it accepts, and HTTP/2 is off on the
 * plain listener. Mainspring switches no protocol, so it answers such a request as plain HTTP/1.1
 * and reads the body by its headers here: exactly {@code Content-Length} bytes, or chunks up to the
 * last one (whose trailer is skipped). Bytes after the body are not read; the server closes the
 * connection after answering an upgrade request.
 */
final class UnframedBody {

  /** Where the body's bytes go. */
  interface Sink {
    void write(byte[] bytes, int offset, int length);
  }

  /** The chunked framing is broken: not a hexadecimal size, or a chunk not ended by CRLF. */
  static final class MalformedFramingException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedFramingException(String message) {
      super(message);
    }
  }

  private enum State {
    SIZE,
    EXTENSION,
    SIZE_LF,
    DATA,
    DATA_CR,
    DATA_LF,
    TRAILER_LINE_START,
    TRAILER_LINE,
    END_LF,
    DONE
  }

  private static final int MAX_SIZE_DIGITS = 15;

  private final boolean chunked;
  private long remaining;
  private long size;
  private int sizeDigits;
  private State state;

  private UnframedBody(boolean chunked, long length) {
    this.chunked = chunked;
    this.remaining = length;
    this.state = chunked ? State.SIZE : (length == 0 ? State.DONE : State.DATA);
  }

  /** A body of {@code length} bytes. */
  static UnframedBody ofLength(long length) {
    return new UnframedBody(false, length);
  }

  /** A body in chunked transfer coding. */
  static UnframedBody chunked() {
    return new UnframedBody(true, 0);
  }

  /** Whether the whole body has been seen. */
  boolean complete() {
    return state == State.DONE;
  }

  /**
   * Takes the next {@code count} bytes off the wire, passes the body's bytes among them to {@code
   * sink} and answers whether the body is complete. Bytes after the body's end are ignored.
   */
  boolean take(byte[] bytes, int count, Sink sink) throws MalformedFramingException {
    int i = 0;
    while (i < count && state != State.DONE) {
      byte c = bytes[i];
      switch (state) {
        case DATA -> {
          int n = (int) Math.min(count - i, remaining);
          sink.write(bytes, i, n);
          i += n;
          remaining -= n;
          if (remaining == 0) {
            state = chunked ? State.DATA_CR : State.DONE;
          }
        }
        case SIZE -> {
          int digit = Character.digit(c, 16);
          if (digit >= 0 && sizeDigits < MAX_SIZE_DIGITS) {
            size = size * 16 + digit;
            sizeDigits++;
          } else if (c == ';' || c == ' ' || c == '\t') {
            state = State.EXTENSION;
          } else if (c == '\r') {
            state = State.SIZE_LF;
          } else {
            throw new MalformedFramingException("chunk size expected");
          }
          i++;
        }
        case EXTENSION -> {
          if (c == '\r') {
            state = State.SIZE_LF;
          }
          i++;
        }
        case SIZE_LF -> {
          expect(c, '\n');
          if (sizeDigits == 0) {
            throw new MalformedFramingException("chunk size expected");
          }
          remaining = size;
          state = size == 0 ? State.TRAILER_LINE_START : State.DATA;
          size = 0;
          sizeDigits = 0;
          i++;
        }
        case DATA_CR -> {
          expect(c, '\r');
          state = State.DATA_LF;
          i++;
        }
        case DATA_LF -> {
          expect(c, '\n');
          state = State.SIZE;
          i++;
        }
        case TRAILER_LINE_START -> {
          state = c == '\r' ? State.END_LF : State.TRAILER_LINE;
          i++;
        }
        case TRAILER_LINE -> {
          if (c == '\n') {
            state = State.TRAILER_LINE_START;
          }
          i++;
        }
        case END_LF -> {
          expect(c, '\n');
          state = State.DONE;
          i++;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    return state == State.DONE;
  }

  private static void expect(byte actual, char expected) throws MalformedFramingException {
    if (actual != expected) {
      throw new MalformedFramingException("chunk not ended by CRLF");
    }
  }
}
