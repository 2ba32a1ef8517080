package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnframedBodyTest {

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** Feeds {@code wire} one byte at a time, as a trickling client sends it. */
  private boolean feedByteByByte(UnframedBody framing, String wire) throws Exception {
    byte[] bytes = wire.getBytes(StandardCharsets.US_ASCII);
    boolean complete = false;
    for (int i = 0; i < bytes.length && !complete; i++) {
      complete = framing.take(new byte[] {bytes[i]}, 1, body::write);
    }
    return complete;
  }

  private String body() {
    return body.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void declaredLengthEndsTheBodyAndLaterBytesAreIgnored() throws Exception {
    UnframedBody framing = UnframedBody.ofLength(5);
    byte[] wire = "{\"a\"}GET / HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    assertTrue(framing.take(wire, wire.length, body::write));
    assertEquals("{\"a\"}", body());
  }

  @Test
  void declaredLengthIsIncompleteUntilTheLastByte() throws Exception {
    UnframedBody framing = UnframedBody.ofLength(4);
    assertFalse(feedByteByByte(framing, "abc"));
    assertTrue(feedByteByByte(framing, "d"));
    assertEquals("abcd", body());
  }

  @Test
  void chunksAreJoinedAndTheTrailerSkipped() throws Exception {
    UnframedBody framing = UnframedBody.chunked();
    assertTrue(
        feedByteByByte(framing, "3;ext=1\r\n{\"a\r\nA\r\n\":\"bcdefg\"\r\n0\r\nX-T: 1\r\n\r\n"));
    assertEquals("{\"a\":\"bcdefg\"", body());
  }

  @Test
  void chunkedBodyIsIncompleteBeforeTheFinalEmptyLine() throws Exception {
    UnframedBody framing = UnframedBody.chunked();
    assertFalse(feedByteByByte(framing, "1\r\nx\r\n0\r\n"));
    assertFalse(framing.complete());
    assertTrue(feedByteByByte(framing, "\r\n"));
  }

  @Test
  void brokenChunkFramingIsReported() {
    assertThrows(
        UnframedBody.MalformedFramingException.class,
        () -> feedByteByByte(UnframedBody.chunked(), "zz\r\n"));
    assertThrows(
        UnframedBody.MalformedFramingException.class,
        () -> feedByteByByte(UnframedBody.chunked(), "1\r\nxy"));
    assertThrows(
        UnframedBody.MalformedFramingException.class,
        () -> feedByteByByte(UnframedBody.chunked(), "\r\n"));
  }
}
