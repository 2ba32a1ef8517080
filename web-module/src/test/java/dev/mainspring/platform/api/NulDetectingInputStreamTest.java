package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NulDetectingInputStreamTest {

  private static String readThrough(String json) throws IOException {
    try (InputStream in =
        new NulDetectingInputStream(
            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void assertRefused(String json) {
    var e = assertThrows(InvalidRequestException.class, () -> readThrough(json));
    assertEquals("invalid_text", e.code());
    assertEquals(400, e.status());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\":\"a\\u0000b\"}",
        "{\"name\":\"\\u0000\"}",
        "{\"a\\u0000\":1}",
        "[\"x\",\"\\\\\\u0000\"]",
        "{\"name\":\"a\u0000b\"}",
        "{\"n\":1}\u0000"
      })
  void nulEscapedOrRawIsRefused(String json) {
    assertRefused(json);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\":\"a\\\\u0000b\"}",
        "{\"name\":\"\\u0001 \\u1000 \\u0100 \\u000a\"}",
        "{\"name\":\"\\\"\\u0041\\\"\"}",
        "{\"name\":\"é ü 日本 \\uD83D\\uDE00\"}",
        "{\"u0000\":\"u0000\"}"
      })
  void textWithoutNulPassesUnchanged(String json) throws IOException {
    assertEquals(json, readThrough(json));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7})
  void escapeSplitAcrossReadsIsStillFound(int chunk) throws IOException {
    byte[] json = "{\"name\":\"abc\\u0000\"}".getBytes(StandardCharsets.UTF_8);
    try (InputStream in = new NulDetectingInputStream(new ByteArrayInputStream(json))) {
      byte[] buffer = new byte[chunk];
      assertThrows(
          InvalidRequestException.class,
          () -> {
            while (in.read(buffer, 0, chunk) >= 0) {
              // keep reading
            }
          });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"x\":\"\\u00zz\"}", "{\"x\":\"\\u00\"}"})
  void brokenEscapeIsLeftToTheJsonParser(String json) throws IOException {
    assertEquals(json, readThrough(json));
  }
}
