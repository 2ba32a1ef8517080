package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's resilience per provider instance, on a provider configured tight: one concurrent
 * call, a breaker that opens after two failures, one-second first-token and idle timeouts, no
 * retries. Each test gets a fresh provider, model and deployment profile, so breaker and permits
 * start clean.
 */
class GatewayResilienceIT extends ApiTest {

  private static StubOpenAiServer stub;
  private static String apiKey;
  private String model;
  private Http admin;

  @BeforeEach
  void tightProvider() throws Exception {
    if (stub != null) {
      stub.close();
    }
    stub = StubOpenAiServer.start();
    admin = Accounts.superadmin(anonymous);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    model = "tight-" + tag;
    String provider =
        ModelPlatform.provider(
            admin,
            "tight-" + tag,
            stub.baseUrl(),
            null,
            "{\"max_concurrency\":1,\"breaker_failure_threshold\":2,\"breaker_open_ms\":60000,"
                + "\"first_token_timeout_ms\":1000,\"idle_timeout_ms\":1000,\"max_retries\":0}");
    String modelId = ModelPlatform.activeChatModel(admin, model, provider);
    ModelPlatform.activeDeployment(
        admin, "tight-" + tag, ModelPlatform.binding("llm_inference", provider, modelId));
    if (apiKey == null) {
      apiKey =
          ModelPlatform.created(http.post("api-keys", "{\"name\":\"tight\",\"scopes\":[\"*\"]}"))
              .getString("secret");
    }
  }

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
    }
    ModelPlatform.reactivateLocalDefault();
  }

  @Test
  void aProviderThatNeverAnswersIsA504AfterTheFirstTokenTimeout() {
    stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
    long started = System.nanoTime();
    Http.Reply reply = client().post("v1/chat/completions", chat(false));
    assertEquals(504, reply.status(), reply.toString());
    assertEquals("upstream_timeout", error(reply).getString("code"));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5000);
  }

  @Test
  void theBreakerOpensAfterRepeatedFailuresAndSparesTheProvider() throws Exception {
    stub.failNext(StubOpenAiServer.status(500), StubOpenAiServer.status(500));
    assertEquals(502, client().post("v1/chat/completions", chat(false)).status());
    assertEquals(502, client().post("v1/chat/completions", chat(false)).status());
    int reached = stub.requestCount();
    Http.Reply refused = client().post("v1/chat/completions", chat(false));
    assertEquals(503, refused.status(), refused.toString());
    assertEquals("provider_circuit_open", error(refused).getString("code"));
    assertTrue(Integer.parseInt(refused.header("Retry-After")) > 0);
    assertEquals(reached, stub.requestCount(), "an open breaker sends nothing upstream");

    Http.Reply metrics = admin.get("/metrics", "Accept", "text/plain");
    assertTrue(metrics.text().contains("gateway_breaker_state"), "breaker gauge exported");
    assertTrue(metrics.text().contains("gateway_requests_total"), "request counter exported");
  }

  @Test
  void theConcurrencyLimitRefusesWhatItCannotTake() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    stub.holdAfterFirstChunk(release);
    HttpClient client = HttpClient.newHttpClient();
    int before = stub.requestCount(); // the model's validation already called the stub
    CompletableFuture<HttpResponse<String>> first =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create(base + "v1/chat/completions"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(chat(true)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (stub.requestCount() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Http.Reply busy = client().post("v1/chat/completions", chat(false));
    release.countDown();
    assertEquals(429, busy.status(), busy.toString());
    assertEquals("provider_busy", error(busy).getString("code"));
    assertEquals("1", busy.header("Retry-After"));
    assertTrue(first.get().body().endsWith("data: [DONE]\n\n"), "the first call went on");
    assertEquals(200, client().post("v1/chat/completions", chat(false)).status(), "permit freed");
  }

  @Test
  void aStreamTheProviderBreaksEndsWithAnErrorEventAndIsMetered() throws Exception {
    stub.failNext(StubOpenAiServer.disconnectAfterChunks(2));
    JsonObject key =
        ModelPlatform.created(http.post("api-keys", "{\"name\":\"broken\",\"scopes\":[\"*\"]}"));
    String keyId = key.getString("id");
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "v1/chat/completions"))
                    .header("Authorization", "Bearer " + key.getString("secret"))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(chat(true)))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    String wire;
    try (InputStream in = response.body()) {
      wire = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(wire.contains("data: {\"error\":"), wire);
    assertFalse(wire.contains("[DONE]"), wire);
    List<String[]> rows = ModelPlatform.awaitUsage(keyId, 1);
    assertEquals(1, rows.size());
    assertEquals("upstream_error", rows.get(0)[0]);
  }

  @Test
  void embeddingsGoThroughAnOpenAiCompatibleProviderAndAreMetered() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String llmProvider = ModelPlatform.provider(admin, "llm-" + tag, stub.baseUrl(), null, "{}");
    String llm = ModelPlatform.activeChatModel(admin, "llm-" + tag, llmProvider);
    String embeddingsProvider =
        ModelPlatform.provider(
            admin, "openai_compatible_cloud_embeddings", "emb-" + tag, stub.baseUrl(), null, "{}");
    String embedder =
        ModelPlatform.activeModel(admin, "emb-" + tag, "embeddings", embeddingsProvider);
    ModelPlatform.activeDeployment(
        admin,
        "emb-" + tag,
        ModelPlatform.binding("llm_inference", llmProvider, llm),
        ModelPlatform.binding("embeddings", embeddingsProvider, embedder));
    JsonObject key =
        ModelPlatform.created(
            http.post("api-keys", "{\"name\":\"embeddings\",\"scopes\":[\"*\"]}"));
    Http.Reply answer =
        anonymous
            .withHeader("Authorization", "Bearer " + key.getString("secret"))
            .post(
                "v1/embeddings",
                "{\"model\":\"emb-" + tag + "\",\"input\":[\"one two\",\"three\"]}");
    assertEquals(200, answer.status(), answer.toString());
    assertEquals(2, answer.json().getJsonArray("data").size());
    assertEquals(
        StubOpenAiServer.EMBEDDING_DIMENSIONS,
        answer.json().getJsonArray("data").getJsonObject(0).getJsonArray("embedding").size());
    String sent = stub.requestBodies().get(stub.requestBodies().size() - 1);
    assertTrue(sent.contains("\"model\":\"stub-model\""), "the provider's own model id: " + sent);

    List<String[]> rows = ModelPlatform.awaitUsage(key.getString("id"), 1);
    assertEquals(1, rows.size());
    assertEquals("success", rows.get(0)[0]);
    assertEquals("3", rows.get(0)[1], "prompt tokens as the provider counted them");
    assertEquals("f", rows.get(0)[3]);
  }

  private Http client() {
    return anonymous.withHeader("Authorization", "Bearer " + apiKey);
  }

  private String chat(boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  private static JsonObject error(Http.Reply reply) {
    return reply.json().getJsonObject("error");
  }
}
