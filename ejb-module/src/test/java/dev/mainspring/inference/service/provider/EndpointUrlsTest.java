package dev.mainspring.inference.service.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointUrlsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.0.0.1:8000/v1", "https://api.example.test/v1", "http://llm:8080"})
  void httpAndHttpsUrlsWithAHostPass(String url) {
    assertEquals(url, EndpointUrls.check(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8000/v1/", " http://127.0.0.1:8000/v1 "})
  void trailingSlashAndSurroundingBlanksAreDropped(String url) {
    assertEquals("http://127.0.0.1:8000/v1", EndpointUrls.check(url));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "ftp://files.example.test/v1",
        "file:///etc/passwd",
        "/v1",
        "http:///v1",
        "http://user:secret@api.example.test/v1",
        "https://api.example.test/v1?key=secret",
        "https://api.example.test/v1#part",
        "http://exa mple.test/v1"
      })
  void everythingElseIsAnInvalidEndpoint(String url) {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> EndpointUrls.check(url));
    assertEquals("invalid_endpoint_url", e.code());
  }
}
