package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;

/** Reads what an exception mapper answered, as the problem record and as the client's JSON. */
final class ProblemResponses {

  private ProblemResponses() {}

  /**
   * Asserts that {@code response} is a problem+json answer with this status and code, carrying the
   * request id bound to the thread, and returns its body as the client would read it.
   */
  static JsonObject assertProblem(Response response, int status, String code) {
    assertEquals(status, response.getStatus(), "status");
    assertNotNull(response.getMediaType(), "media type");
    assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString(), "media type");
    Problem problem = assertInstanceOf(Problem.class, response.getEntity());
    assertEquals(status, problem.status(), "status member");
    assertEquals(code, problem.code(), "code");
    assertEquals("urn:mainspring:problem:" + code, problem.type(), "type");
    JsonObject json = json(response);
    assertTrue(json.containsKey("request_id"), () -> "request_id missing from " + json);
    assertEquals(RequestIds.current(), json.getString("request_id"), "request_id");
    return json;
  }

  /** The response's entity as the application's JSON provider writes it. */
  static JsonObject json(Response response) {
    Jsonb jsonb = new JsonConfig().getContext(Problem.class);
    String text = jsonb.toJson(response.getEntity());
    return Json.createReader(new StringReader(text)).readObject();
  }
}
