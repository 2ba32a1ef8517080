package dev.mainspring.knowledge.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartFormTest {

  @Test
  void readsFieldsAndFilesWithBinaryContent() {
    byte[] body =
        ("--b1\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n\u00ff\r\n\u0000x\r\n--b1--\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    List<MultipartForm.Part> parts =
        MultipartForm.parse("multipart/form-data; boundary=\"b1\"", body);
    assertEquals(2, parts.size());
    assertEquals("note", parts.get(0).name());
    assertNull(parts.get(0).fileName());
    assertEquals("a.pdf", parts.get(1).fileName());
    assertArrayEquals(
        "\u00ff\r\n\u0000x".getBytes(StandardCharsets.ISO_8859_1), parts.get(1).content());
  }

  @Test
  void malformedBodiesAreInvalidMultipart() {
    for (String body :
        List.of("", "no boundary", "--b1\r\nContent-Disposition: form-data\r\n\r\nunterminated")) {
      InvalidRequestException e =
          assertThrows(
              InvalidRequestException.class,
              () ->
                  MultipartForm.parse(
                      "multipart/form-data; boundary=b1", body.getBytes(StandardCharsets.UTF_8)));
      assertEquals("invalid_multipart", e.code());
    }
    assertThrows(
        InvalidRequestException.class, () -> MultipartForm.parse("application/json", new byte[0]));
  }
}
