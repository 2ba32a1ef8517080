package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/** Which calls answer in OpenAI's error shape, and the shape itself. */
class OpenAiErrorsTest {

  @Test
  void theOpenAiEndpointsAreOpenAiCallsWithOrWithoutSlashes() {
    assertTrue(OpenAiErrors.isOpenAiCall("POST", "/v1/chat/completions"));
    assertTrue(OpenAiErrors.isOpenAiCall("POST", "v1/embeddings"));
    assertTrue(OpenAiErrors.isOpenAiCall("GET", "v1/models/"));
    assertTrue(OpenAiErrors.isOpenAiCall("GET", "/v1/models/gpt-4o"));
    assertTrue(OpenAiErrors.isOpenAiCall("DELETE", "/v1/chat/completions"));
  }

  @Test
  void aModelNamedLikeDocumentCsEndpointsIsReadInOpenAiShape() {
    assertTrue(OpenAiErrors.isOpenAiCall("GET", "/v1/models/inference"));
    assertTrue(OpenAiErrors.isOpenAiCall("GET", "/v1/models/generate"));
    assertFalse(OpenAiErrors.isOpenAiCall("POST", "/v1/models/inference"));
    assertFalse(OpenAiErrors.isOpenAiCall("POST", "/v1/models/generate"));
  }

  @Test
  void otherPathsAnswerProblemJson() {
    assertFalse(OpenAiErrors.isOpenAiCall("GET", "/v1/modelops/models"));
    assertFalse(OpenAiErrors.isOpenAiCall("POST", "/v1/chat/completions/extra"));
    assertFalse(OpenAiErrors.isOpenAiCall("GET", "/api/projects"));
    assertFalse(OpenAiErrors.isOpenAiCall("GET", "/v1/modelsx"));
  }

  @Test
  void eachStatusHasOpenAisType() {
    assertEquals("invalid_request_error", OpenAiErrors.type(400));
    assertEquals("authentication_error", OpenAiErrors.type(401));
    assertEquals("permission_error", OpenAiErrors.type(403));
    assertEquals("not_found_error", OpenAiErrors.type(404));
    assertEquals("invalid_request_error", OpenAiErrors.type(405));
    assertEquals("rate_limit_error", OpenAiErrors.type(429));
    assertEquals("api_error", OpenAiErrors.type(500));
    assertEquals("api_error", OpenAiErrors.type(503));
  }

  @Test
  void theBodyCarriesMessageTypeParamAndCode() {
    JsonObject error =
        Jsons.reader(OpenAiErrors.body(503, "upstream_unavailable", "the provider is unreachable"))
            .readObject()
            .getJsonObject("error");
    assertEquals("the provider is unreachable", error.getString("message"));
    assertEquals("api_error", error.getString("type"));
    assertEquals(JsonValue.NULL, error.get("param"));
    assertEquals("upstream_unavailable", error.getString("code"));
  }
}
