package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The cross-cutting web layer on the real server and database: health, metrics, OpenAPI, request
 * ids, every error family, CORS, compression and the body limit (64 KiB in this run).
 */
class PlatformIT extends ApiTest {

  @Test
  void basicHealthAnswersWithoutAuthentication() {
    Http.Reply reply = http.get("api/health");
    assertEquals(200, reply.status());
    JsonObject body = reply.json();
    assertEquals("healthy", body.getString("status"));
    assertFalse(body.getString("instance_id").isBlank());
    assertNotNull(java.time.Instant.parse(body.getString("timestamp")));
  }

  @Test
  void deepHealthChecksEveryComponent() {
    Http.Reply reply = http.get("api/health/deep");
    assertEquals(200, reply.status(), reply.toString());
    JsonObject components = reply.json().getJsonObject("components");
    for (String name : new String[] {"database", "migrations", "batch_runtime", "disk"}) {
      JsonObject component = components.getJsonObject(name);
      assertEquals("up", component.getString("status"), name + ": " + component);
      assertTrue(component.getJsonNumber("latency_ms").doubleValue() >= 0);
    }
    assertTrue(components.getJsonObject("migrations").getString("detail").contains("version"));
    assertEquals("healthy", reply.json().getString("status"));
  }

  @Test
  void batchJobRepositoryLivesInPostgreSql() throws Exception {
    assertEquals(200, http.get("api/health/deep").status());
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        var tables =
            s.executeQuery(
                "select count(*) from information_schema.tables"
                    + " where lower(table_name) like '%jobinstance%'")) {
      tables.next();
      assertTrue(tables.getInt(1) > 0, "no Jakarta Batch job repository tables in PostgreSQL");
    }
  }

  @Test
  void serverEndpointsAnswerWithoutCredentials() {
    http.get("api/health");
    ServerEndpoints.assertServedWithoutCredentials(anonymous);
  }

  @Test
  void serverEndpointPrefixesDoNotLeadIntoTheApi() throws Exception {
    ServerEndpoints.assertNoDetourIntoTheApi(base.toURI());
  }

  @Test
  void openApiDocumentDescribesTheApi() {
    Http.Reply openapi = anonymous.get("/openapi");
    assertEquals(200, openapi.status());
    for (String path :
        new String[] {"/api/projects", "/api/auth/login", "/api-keys", "/users/me"}) {
      assertTrue(openapi.text().contains(path), path + " is not in the OpenAPI document");
    }
  }

  @Test
  void wellFormedRequestIdIsEchoed() {
    Http.Reply reply = http.get("api/health", "X-Request-Id", "client-abc.123");
    assertEquals("client-abc.123", reply.header("X-Request-Id"));
  }

  @Test
  void malformedRequestIdIsReplaced() {
    Http.Reply reply = http.get("api/health", "X-Request-Id", "bad id with spaces");
    String id = reply.header("X-Request-Id");
    assertNotNull(id);
    assertNotEquals("bad id with spaces", id);
    assertNotNull(UUID.fromString(id));
  }

  @Test
  void validationErrorsNameEveryField() {
    Http.Reply reply =
        http.post("api/projects", "{\"name\":\"\",\"description\":\"" + "x".repeat(10_001) + "\"}");
    assertProblem(reply, 400, "validation_failed");
    var errors = reply.json().getJsonArray("errors");
    assertEquals(2, errors.size(), reply.toString());
    assertEquals("body.description", errors.getJsonObject(0).getString("field"));
    assertEquals("body.name", errors.getJsonObject(1).getString("field"));
  }

  @Test
  void missingBodyIsAValidationError() {
    Http.Reply reply = http.post("api/projects", "");
    assertEquals(400, reply.status(), reply.toString());
    assertEquals(Problem.MEDIA_TYPE, reply.header("Content-Type"));
  }

  @Test
  void malformedJsonIsRejected() {
    assertProblem(http.post("api/projects", "{\"name\": "), 400, "malformed_json");
    assertProblem(http.post("api/projects", "[1, 2]"), 400, "malformed_json");
  }

  @Test
  void unknownIdIsNotFound() {
    Http.Reply reply = http.get("api/projects/" + UUID.randomUUID());
    assertProblem(reply, 404, "project_not_found");
    assertProblem(http.get("api/threads/" + UUID.randomUUID()), 404, "thread_not_found");
  }

  @Test
  void unknownPathAndUnparseableIdAreNotFound() {
    assertProblem(http.get("api/no-such-thing"), 404, "not_found");
    assertProblem(http.get("api/projects/not-a-uuid"), 404, "not_found");
  }

  @Test
  void unsupportedMediaTypeIsRejected() {
    Http.Reply reply =
        http.send(
            "POST",
            "api/projects",
            BodyPublishers.ofString("name=x"),
            "Content-Type",
            "text/plain");
    assertProblem(reply, 415, "unsupported_media_type");
  }

  @Test
  void methodNotAllowedKeepsTheAllowHeader() {
    Http.Reply reply = http.send("PUT", "api/health", BodyPublishers.noBody());
    assertProblem(reply, 405, "method_not_allowed");
    assertNotNull(reply.header("Allow"));
  }

  @Test
  void bodyOverTheLimitIsRejectedAndNothingIsCreated() {
    String name = "too-large-" + UUID.randomUUID();
    String big = "{\"name\":\"" + name + "\",\"description\":\"" + "x".repeat(70_000) + "\"}";
    Http.Reply declared =
        http.sendExpectingContinue(
            "POST",
            "api/projects",
            BodyPublishers.ofString(big),
            "Content-Type",
            "application/json");
    assertProblem(declared, 413, "payload_too_large");

    byte[] bytes = big.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Http.Reply chunked =
        http.send(
            "POST",
            "api/projects",
            BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
            "Content-Type",
            "application/json");
    assertProblem(chunked, 413, "payload_too_large");
    assertFalse(http.get("api/projects?limit=100").text().contains(name));
  }

  @Test
  void unexpectedFailureIsA500WithoutInternals() throws Exception {
    String constraint = "it_refuse_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      s.execute("alter table threads add constraint " + constraint + " check (title <> 'explode')");
      try {
        Http.Reply reply =
            http.post("api/threads", "{\"title\":\"explode\"}", "X-Request-Id", "it-500-check");
        assertProblem(reply, 500, "internal_error");
        assertEquals("it-500-check", reply.json().getString("request_id"));
        assertFalse(reply.text().contains("Exception"), reply.text());
        assertFalse(reply.text().contains("threads"), reply.text());
      } finally {
        s.execute("alter table threads drop constraint " + constraint);
      }
    }
  }

  @Test
  void corsAnswersOnlyConfiguredOrigins() {
    Http.Reply allowed = http.get("api/health", "Origin", "https://app.example.test");
    assertEquals("https://app.example.test", allowed.header("Access-Control-Allow-Origin"));
    assertTrue(allowed.header("Access-Control-Expose-Headers").contains("X-Request-Id"));

    Http.Reply other = http.get("api/health", "Origin", "https://evil.example.test");
    assertNull(other.header("Access-Control-Allow-Origin"));

    Http.Reply preflight =
        http.send(
            "OPTIONS",
            "api/projects",
            BodyPublishers.noBody(),
            "Origin",
            "https://app.example.test",
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "content-type, authorization");
    assertEquals(204, preflight.status());
    assertTrue(preflight.header("Access-Control-Allow-Methods").contains("PATCH"));
    assertEquals("content-type, authorization", preflight.header("Access-Control-Allow-Headers"));
  }

  @Test
  void largeJsonIsGzippedSmallJsonIsNot() {
    for (int i = 0; i < 12; i++) {
      http.post(
          "api/projects",
          "{\"name\":\"gzip-" + i + "\",\"description\":\"" + "d".repeat(100) + "\"}");
    }
    Http.Reply large = http.get("api/projects?limit=12", "Accept-Encoding", "gzip");
    assertEquals(200, large.status());
    assertEquals("gzip", large.header("Content-Encoding"));
    assertTrue(large.wireLength() < large.text().length());
    assertEquals(12, large.json().getJsonArray("projects").size());

    Http.Reply small = http.get("api/health", "Accept-Encoding", "gzip");
    assertNull(small.header("Content-Encoding"));
    Http.Reply notAccepted = http.get("api/projects?limit=12");
    assertNull(notAccepted.header("Content-Encoding"));
  }

  static void assertProblem(Http.Reply reply, int status, String code) {
    assertEquals(status, reply.status(), reply.toString());
    assertEquals(Problem.MEDIA_TYPE, reply.header("Content-Type"), reply.toString());
    JsonObject body = reply.json();
    assertEquals(code, body.getString("code"), reply.toString());
    assertEquals(status, body.getInt("status"));
    assertFalse(body.getString("title").isBlank());
    assertFalse(body.getString("detail").isBlank());
    assertEquals(reply.header("X-Request-Id"), body.getString("request_id"));
    assertTrue(body.getString("type").endsWith(code));
  }

  /** Constants of the problem format, as clients see them. */
  static final class Problem {
    static final String MEDIA_TYPE = "application/problem+json";
  }
}
