package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodySizeLimitTest {

  private static InputStream limited(int bodyBytes, long limit) {
    return new BodySizeLimit.LimitedInputStream(
        new ByteArrayInputStream(new byte[bodyBytes]), limit);
  }

  @Test
  void bodyOfExactlyTheLimitIsReadWhole() throws IOException {
    byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);

    try (InputStream in =
        new BodySizeLimit.LimitedInputStream(new ByteArrayInputStream(body), body.length)) {
      assertArrayEquals(body, in.readAllBytes());
    }
  }

  @Test
  void bodyOneByteOverTheLimitIsRefusedWith413() throws IOException {
    try (InputStream in = limited(11, 10)) {
      var e = assertThrows(PayloadTooLargeException.class, in::readAllBytes);

      assertEquals(413, e.status());
      assertEquals("payload_too_large", e.code());
    }
  }

  @Test
  void byteByByteReadingIsCountedToo() throws IOException {
    try (InputStream in = limited(4, 3)) {
      in.read();
      in.read();
      in.read();

      assertThrows(PayloadTooLargeException.class, in::read);
    }
  }

  @Test
  void endOfStreamDoesNotCountAsAByte() throws IOException {
    try (InputStream in = limited(2, 2)) {
      assertEquals(2, in.read(new byte[8], 0, 8));
      assertEquals(-1, in.read(new byte[8], 0, 8));
      assertEquals(-1, in.read());
    }
  }
}
