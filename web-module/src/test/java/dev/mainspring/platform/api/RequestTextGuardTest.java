package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTextGuardTest {

  @Test
  void jsonPParseErrorsAreKnownAlsoWrappedAsJerseyWrapsThem() {
    JsonParsingException cutShort =
        new JsonParsingException("Invalid token=EOF", (JsonLocation) null);
    assertTrue(RequestTextGuard.isJsonParseError(cutShort));
    assertTrue(RequestTextGuard.isJsonParseError(new ProcessingException(cutShort)));
    assertTrue(RequestTextGuard.isJsonParseError(new JsonException("not json")));
    assertFalse(RequestTextGuard.isJsonParseError(new IllegalStateException("json")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=UTF-8",
        "application/json; charset=utf8",
        "application/json; charset=us-ascii",
        "application/merge-patch+json; charset=\"utf-8\""
      })
  void utf8AndAsciiBodiesAreAccepted(String contentType) {
    assertTrue(RequestTextGuard.isUtf8(MediaType.valueOf(contentType)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json; charset=x-unknown",
        "application/json; charset=utf-16",
        "application/json; charset=iso-8859-1",
        "application/json; charset=\"bad name!\""
      })
  void otherOrUnknownCharsetsAreRefused(String contentType) {
    assertFalse(RequestTextGuard.isUtf8(MediaType.valueOf(contentType)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v1/chat/completions",
        "/v1/embeddings",
        "v1/models",
        "v1/models/gpt-4o",
        "v1/models/org/model"
      })
  void openAiEndpointsAreRecognised(String path) {
    assertTrue(RequestTextGuard.isOpenAiEndpoint(path));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v1/models/inference",
        "v1/models/generate",
        "v1/modelops/models",
        "api/projects",
        "v1/chat/completions/extra"
      })
  void otherPathsAreNotOpenAiEndpoints(String path) {
    assertFalse(RequestTextGuard.isOpenAiEndpoint(path));
  }
}
