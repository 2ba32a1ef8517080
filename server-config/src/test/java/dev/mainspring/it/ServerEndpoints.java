package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * What a load balancer's probe and a Prometheus scrape see of Payara's own MicroProfile endpoints:
 * each answers a caller without credentials, while the API beside them still asks for them. Payara
 * adds these endpoints to the application at the root context, so they pass through Mainspring's
 * authentication there; the launcher and the Arquillian tests both deploy at the root.
 */
final class ServerEndpoints {

  private ServerEndpoints() {}

  /** Asserts every endpoint answers {@code anonymous} (a client without credentials) in kind. */
  static void assertServedWithoutCredentials(Http anonymous) {
    for (String probe : new String[] {"health", "health/ready", "health/live", "health/started"}) {
      Http.Reply reply = anonymous.get(probe);
      assertEquals(200, reply.status(), "/" + probe + ": " + reply);
      JsonObject health = reply.json();
      assertEquals("UP", health.getString("status"), "/" + probe + ": " + reply);
    }
    assertTrue(
        anonymous.get("health/ready").text().contains("database"),
        "readiness does not check the database");

    Http.Reply metrics = anonymous.get("metrics", "Accept", "text/plain");
    assertEquals(200, metrics.status(), "/metrics: " + metrics);
    assertTrue(
        metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
    assertTrue(metrics.text().contains("# TYPE "), "not Prometheus text");
    assertTrue(metrics.text().contains("mainspring_http_requests"), "no request timer exported");

    Http.Reply openapi = anonymous.get("openapi");
    assertEquals(200, openapi.status(), "/openapi: " + openapi);
    assertTrue(openapi.text().startsWith("openapi: 3"), "not an OpenAPI document in YAML");
    assertTrue(openapi.text().contains("/api/projects"), "the API's paths are missing");
    Http.Reply openapiJson = anonymous.get("openapi", "Accept", "application/json");
    assertEquals(200, openapiJson.status(), "/openapi as JSON: " + openapiJson);
    assertTrue(openapiJson.json().getString("openapi").startsWith("3."), openapiJson.text());

    assertEquals(
        401, anonymous.get("api/projects").status(), "the API answered without credentials");
    assertEquals(401, anonymous.get("users/me").status(), "the API answered without credentials");
  }

  /**
   * Asserts that a path which starts like one of the endpoints but leads into the API does not pass
   * as the endpoint: sent as is, without the client normalizing it.
   */
  static void assertNoDetourIntoTheApi(URI base) {
    for (String path :
        new String[] {
          "/health/../api/projects", "/metrics/%2e%2e/api/projects", "/openapi/..;/users/me"
        }) {
      int status = rawGet(base, path);
      assertNotEquals(200, status, path + " reached the API without credentials");
      assertTrue(status >= 400 && status < 500, path + " answered " + status);
    }
  }

  private static int rawGet(URI base, String path) {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(head.substring(9, 12));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
