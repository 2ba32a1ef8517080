package dev.mainspring.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's API as far as Mainspring uses it, on loopback, faithful to the protocol the official
 * client speaks: {@code POST /v1/checkout/sessions} with a form-encoded body (nested parameters as
 * {@code metadata[org_id]}, {@code line_items[0][price_data][unit_amount]}), {@code Authorization:
 * Bearer sk_...}, answered with a {@code checkout.session} object or Stripe's error envelope
 * ({@code {"error":{"type":...,"message":...}}}) with its status. It also signs webhook deliveries
 * the way Stripe does: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body"
 * under the endpoint secret>}.
 */
final class StubStripeServer implements AutoCloseable {

  /** The secret key the server is configured with (server-config's pom). */
  static final String SECRET_KEY = "sk_test_mainspring_it";

  /** The webhook endpoint secret the server is configured with (server-config's pom). */
  static final String WEBHOOK_SECRET = "whsec_mainspring_it_secret";

  private final HttpServer server;
  private final List<Map<String, String>> sessionRequests = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();
  private volatile int failNextWith;

  private StubStripeServer(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/v1/checkout/sessions", this::checkoutSessions);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Starts on the port the server's {@code mainspring.billing.stripe.api-base} names. */
  static StubStripeServer start() throws IOException {
    return new StubStripeServer(Integer.getInteger("mainspring.it.stripePort"));
  }

  /** The form parameters of every checkout session created, in order. */
  List<Map<String, String>> sessionRequests() {
    return sessionRequests;
  }

  /** The next request is answered with Stripe's error envelope and {@code status}. */
  void failNext(int status) {
    failNextWith = status;
  }

  private void checkoutSessions(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        error(exchange, 405, "invalid_request_error", "Unrecognized request URL");
        return;
      }
      if (!("Bearer " + SECRET_KEY)
          .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        error(exchange, 401, "invalid_request_error", "Invalid API Key provided");
        return;
      }
      int fail = failNextWith;
      if (fail != 0) {
        failNextWith = 0;
        error(exchange, fail, "api_error", "stub failure");
        return;
      }
      Map<String, String> form =
          form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      sessionRequests.add(form);
      String id = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
      sessions.put(id, form);
      String body =
          "{\"id\":\""
              + id
              + "\",\"object\":\"checkout.session\",\"mode\":\""
              + form.get("mode")
              + "\",\"status\":\"open\",\"payment_status\":\"unpaid\",\"url\":"
              + "\"https://checkout.stripe.test/c/pay/"
              + id
              + "\",\"client_reference_id\":\""
              + form.get("client_reference_id")
              + "\",\"currency\":\""
              + form.get("line_items[0][price_data][currency]")
              + "\",\"amount_total\":"
              + form.get("line_items[0][price_data][unit_amount]")
              + ",\"metadata\":"
              + metadata(form)
              + "}";
      send(exchange, 200, body);
    }
  }

  /**
   * The body of a {@code type} event about the checkout session {@code sessionId} as Stripe would
   * send it once the buyer paid (the session's metadata as created).
   */
  String sessionEvent(String eventId, String type, String sessionId, String paymentStatus) {
    Map<String, String> form = sessions.get(sessionId);
    return "{\"id\":\""
        + eventId
        + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":"
        + System.currentTimeMillis() / 1000
        + ",\"livemode\":false,\"pending_webhooks\":1,\"type\":\""
        + type
        + "\",\"data\":{\"object\":{\"id\":\""
        + sessionId
        + "\",\"object\":\"checkout.session\",\"mode\":\""
        + form.get("mode")
        + "\",\"status\":\"complete\",\"payment_status\":\""
        + paymentStatus
        + "\",\"amount_total\":"
        + form.get("line_items[0][price_data][unit_amount]")
        + ",\"metadata\":"
        + metadata(form)
        + "}}}";
  }

  /** The session's metadata as Stripe returns it: every {@code metadata[key]} sent, as strings. */
  private static String metadata(Map<String, String> form) {
    StringBuilder json = new StringBuilder("{");
    form.forEach(
        (name, value) -> {
          if (name.startsWith("metadata[") && name.endsWith("]")) {
            if (json.length() > 1) {
              json.append(',');
            }
            json.append('"')
                .append(name, "metadata[".length(), name.length() - 1)
                .append("\":\"")
                .append(value)
                .append('"');
          }
        });
    return json.append('}').toString();
  }

  /** Stripe's signature header for {@code payload} at {@code unixSeconds} under {@code secret}. */
  static String signature(String payload, long unixSeconds, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((unixSeconds + "." + payload).getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : digest) {
        hex.append(String.format("%02x", b));
      }
      return "t=" + unixSeconds + ",v1=" + hex;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(name, value);
    }
    return form;
  }

  private static void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    send(
        exchange,
        status,
        "{\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}");
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Request-Id", "req_" + UUID.randomUUID());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
