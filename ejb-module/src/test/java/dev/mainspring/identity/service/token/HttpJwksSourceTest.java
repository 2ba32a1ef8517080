package dev.mainspring.identity.service.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a JWKS endpoint on a local JDK HTTP server. */
class HttpJwksSourceTest {

  private static final Duration CACHE_TIME = Duration.ofMinutes(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final AtomicInteger requests = new AtomicInteger();
  private final ECKey first = generate("key-1");
  private final ECKey second = generate("key-2");

  private volatile int status = 200;
  private volatile String body = new JWKSet(first).toString(true);
  private volatile boolean slow;
  private final CountDownLatch released = new CountDownLatch(1);

  private HttpServer server;
  private HttpJwksSource source;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks", this::answer);
    server.start();
    source = sourceWithTimeout(Duration.ofSeconds(5));
  }

  @AfterEach
  void stopServer() {
    released.countDown();
    server.stop(0);
  }

  private HttpJwksSource sourceWithTimeout(Duration timeout) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    return new HttpJwksSource(url, timeout, CACHE_TIME, clock);
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    if (slow) {
      try {
        released.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    } catch (IOException e) {
      // The client gave up first.
    }
  }

  @Test
  void keysAreFetchedOnceAndServedFromTheCache() {
    assertTrue(source.find("key-1").isPresent());
    clock.advance(Duration.ofMinutes(5));
    assertTrue(source.find("key-1").isPresent());
    assertTrue(source.find("key-1").isPresent());

    assertEquals(1, requests.get());
  }

  @Test
  void keysAreFetchedAgainWhenTheCacheTimeIsOver() {
    source.find("key-1");
    body = new JWKSet(second).toString(true);

    clock.advance(CACHE_TIME);

    assertTrue(source.find("key-2").isPresent());
    assertFalse(source.find("key-1").isPresent());
    assertEquals(2, requests.get());
  }

  @Test
  void unknownKidFetchesAgainAtMostOnceIn30Seconds() {
    source.find("key-1");
    body = new JWKSet(List.of(first, second)).toString(true);

    clock.advance(Duration.ofSeconds(10));
    assertFalse(source.find("key-2").isPresent(), "too soon after the last fetch");
    assertFalse(source.find("made-up").isPresent());
    assertEquals(1, requests.get());

    clock.advance(Duration.ofSeconds(20));
    assertTrue(source.find("key-2").isPresent(), "the provider's new key");
    assertEquals(2, requests.get());

    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(2));
      assertFalse(source.find("made-up-" + i).isPresent());
    }
    assertEquals(2, requests.get(), "made-up key ids do not flood the provider");
  }

  @Test
  void providerWithNoKeysToGiveIsUnavailable() {
    status = 500;

    var e = assertThrows(IdentityProviderUnavailableException.class, () -> source.find("key-1"));

    assertEquals(503, e.status());
    assertEquals("identity_provider_unavailable", e.code());
  }

  @Test
  void answerThatIsNoJwksIsUnavailable() {
    body = "<html>login</html>";

    assertThrows(IdentityProviderUnavailableException.class, () -> source.find("key-1"));
  }

  @Test
  void failedFetchKeepsTheCachedKeys() {
    source.find("key-1");
    status = 503;

    clock.advance(CACHE_TIME.plusMinutes(1));

    assertTrue(source.find("key-1").isPresent());
    assertEquals(2, requests.get());
  }

  @Test
  void slowProviderTimesOut() {
    slow = true;
    HttpJwksSource impatient = sourceWithTimeout(Duration.ofMillis(300));

    long start = System.nanoTime();
    assertThrows(IdentityProviderUnavailableException.class, () -> impatient.find("key-1"));

    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
  }

  @Test
  void oversizedAnswerIsRefused() {
    body = "{\"keys\":[],\"padding\":\"" + "x".repeat(HttpJwksSource.MAX_BYTES) + "\"}";

    assertThrows(IdentityProviderUnavailableException.class, () -> source.find("key-1"));
  }

  @Test
  void privatePartsAProviderShouldNotServeAreDropped() {
    assertTrue(first.isPrivate());
    body = new JWKSet(first).toString(false);

    assertFalse(source.find("key-1").orElseThrow().isPrivate());
  }

  @Test
  void onlyHttpUrlsAreAccepted() {
    assertThrows(
        IllegalArgumentException.class, () -> new HttpJwksSource(URI.create("file:///etc/passwd")));
  }

  private static ECKey generate(String keyId) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
