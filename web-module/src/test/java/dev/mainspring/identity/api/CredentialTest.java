package dev.mainspring.identity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the mechanism takes a credential from, and where it refuses to. */
class CredentialTest {

  @Test
  void bearerHeaderComesFirst() {
    HttpServletRequest request =
        request(Map.of("Authorization", "Bearer abc", "X-API-Key", "msk_x"), Map.of());
    assertEquals("abc", MainspringAuthenticationMechanism.credential(request, "/api/projects"));
  }

  @Test
  void apiKeyHeaderIsTaken() {
    HttpServletRequest request = request(Map.of("X-API-Key", "msk_key"), Map.of());
    assertEquals("msk_key", MainspringAuthenticationMechanism.credential(request, "/api/projects"));
  }

  @Test
  void queryTokenCountsOnTheGetOfStreamsAndWebSocketHandshakesOnly() {
    HttpServletRequest plain = request(Map.of(), Map.of("token", "t0k"));
    assertNull(MainspringAuthenticationMechanism.credential(plain, "/api/projects"));
    assertEquals(
        "t0k", MainspringAuthenticationMechanism.credential(plain, "/api/agent-run/1/stream"));
    assertEquals(
        "t0k",
        MainspringAuthenticationMechanism.credential(plain, "/api/threads/1/messages/stream"));
    HttpServletRequest post = request("POST", Map.of(), Map.of("token", "t0k"));
    assertNull(
        MainspringAuthenticationMechanism.credential(post, "/api/agent-run/1/stream"),
        "a token in a URL is taken for reading a stream, nothing else");
    HttpServletRequest eventSource =
        request(Map.of("Accept", "text/event-stream"), Map.of("token", "t0k"));
    assertNull(
        MainspringAuthenticationMechanism.credential(eventSource, "/api/events"),
        "an Accept header alone does not open the query to tokens");
    HttpServletRequest webSocket = request(Map.of("Upgrade", "websocket"), Map.of("token", "t0k"));
    assertEquals("t0k", MainspringAuthenticationMechanism.credential(webSocket, "/ws/runs"));
  }

  @Test
  void queryTokenIsDecodedAndTakenFromTheQueryStringOnly() {
    HttpServletRequest encoded = request(Map.of(), Map.of("a", "1", "token", "t 0+k/="));
    assertEquals("t 0+k/=", MainspringAuthenticationMechanism.credential(encoded, "/x/stream"));
    HttpServletRequest none = request(Map.of(), Map.of("tokens", "t0k"));
    assertNull(MainspringAuthenticationMechanism.credential(none, "/x/stream"));
  }

  @Test
  void otherAuthorizationSchemesAreRefused() {
    HttpServletRequest basic = request(Map.of("Authorization", "Basic dXNlcjpwYXNz"), Map.of());
    assertThrows(
        UnauthorizedException.class,
        () -> MainspringAuthenticationMechanism.credential(basic, "/api/projects"));
    HttpServletRequest empty = request(Map.of("Authorization", "Bearer  "), Map.of());
    assertThrows(
        UnauthorizedException.class,
        () -> MainspringAuthenticationMechanism.credential(empty, "/api/projects"));
  }

  /**
   * A request that answers only headers and its query string, which is all the mechanism may read
   * here: anything else, such as {@code getParameter} (which reads a form body), fails the test.
   */
  private static HttpServletRequest request(
      Map<String, String> headers, Map<String, String> query) {
    return request("GET", headers, query);
  }

  private static HttpServletRequest request(
      String httpMethod, Map<String, String> headers, Map<String, String> query) {
    String queryString =
        query.isEmpty()
            ? null
            : String.join(
                "&",
                query.entrySet().stream()
                    .map(
                        e ->
                            URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .toList());
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            CredentialTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeader" -> headers.get((String) args[0]);
                  case "getQueryString" -> queryString;
                  case "getMethod" -> httpMethod;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
