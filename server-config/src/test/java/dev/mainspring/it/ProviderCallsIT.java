package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How Mainspring calls providers (issue 13): no transaction and no advisory lock is held while a
 * provider is being called (a stub holds the request while the test looks at PostgreSQL from a
 * connection of its own), what may have changed during the call is checked again before the outcome
 * is written, error bodies name neither a provider's address nor an exception, and endpoints at
 * link-local, metadata or the database's own address are refused.
 */
class ProviderCallsIT extends ApiTest {

  private final List<AutoCloseable> closeAfter = new ArrayList<>();
  private Http admin;

  private Http admin() {
    if (admin == null) {
      admin = Accounts.superadmin(anonymous);
    }
    return admin;
  }

  @AfterEach
  void closeStubsAndPutLocalDefaultBack() throws Exception {
    for (AutoCloseable closeable : closeAfter) {
      closeable.close();
    }
    ModelPlatform.reactivateLocalDefault();
  }

  // ---- no transaction or lock across a provider call ----

  @Test
  void providerValidationHoldsNoTransactionWhileTheProviderIsAnswering() throws Exception {
    StubOpenAiServer stub = stub();
    String provider = ModelPlatform.provider(admin(), slug(), stub.baseUrl(), null, "{}");

    Http.Reply checked =
        whileHeld(
            stub,
            () -> admin().post("v1/platform/providers/" + provider + "/validate", ""),
            ProviderCallsIT::assertNothingHeldInTheDatabase);

    assertEquals("success", ModelPlatform.ok(checked).getString("status"), checked.toString());
  }

  @Test
  void modelValidationTestAndRuntimeProbesHoldNoTransactionWhileTheProviderIsAnswering()
      throws Exception {
    StubOpenAiServer stub = stub();
    String provider = ModelPlatform.provider(admin(), slug(), stub.baseUrl(), null, "{}");
    String model = ModelPlatform.activeChatModel(admin(), slug(), provider);
    String models = "v1/modelops/models/" + model;

    Http.Reply validated =
        whileHeld(
            stub,
            () -> admin().post(models + "/validate", ""),
            ProviderCallsIT::assertNothingHeldInTheDatabase);
    Http.Reply tested =
        whileHeld(
            stub,
            () -> admin().post(models + "/test", "{}"),
            ProviderCallsIT::assertNothingHeldInTheDatabase);
    Http.Reply runtimes =
        whileHeld(
            stub,
            () -> admin().get(models + "/test-runtimes"),
            ProviderCallsIT::assertNothingHeldInTheDatabase);

    assertEquals("success", ModelPlatform.ok(validated).getString("status"), validated.toString());
    assertEquals("success", ModelPlatform.ok(tested).getString("status"), tested.toString());
    assertEquals(200, runtimes.status(), runtimes.toString());
  }

  @Test
  void validationRacedByAChangeOfItsProviderIsRefusedAndNotRecorded() throws Exception {
    StubOpenAiServer stub = stub();
    String slug = slug();
    String provider = ModelPlatform.provider(admin(), slug, stub.baseUrl(), null, "{}");
    String model = ModelPlatform.activeChatModel(admin(), slug(), provider);
    long before = validationsOf(model);

    Http.Reply raced =
        whileHeld(
            stub,
            () -> admin().post("v1/modelops/models/" + model + "/validate", ""),
            () -> {
              Http.Reply changed =
                  admin().put("v1/platform/providers/" + provider, providerBody(slug, stub));
              assertEquals(200, changed.status(), changed.toString());
            });

    assertProblem(raced, 409, "concurrent_modification");
    assertEquals(before, validationsOf(model), "a validation of the old provider was recorded");
    JsonObject now = ModelPlatform.ok(admin().get("v1/modelops/models/" + model));
    assertFalse(now.getBoolean("is_validation_current"), now.toString());
  }

  @Test
  void activationProbesWithoutTheLockAndChecksAgainWhatChangedMeanwhile() throws Exception {
    StubOpenAiServer stub = stub();
    String slug = slug();
    String provider = ModelPlatform.provider(admin(), slug, stub.baseUrl(), null, "{}");
    String model = ModelPlatform.activeChatModel(admin(), slug(), provider);
    String probed = deployment(slug(), ModelPlatform.binding("llm_inference", provider, model));
    String other = deployment(slug(), builtinEmbeddingsBinding());

    Http.Reply activated =
        whileHeld(
            stub,
            () -> admin().post("v1/platform/deployments/" + probed + "/activate", ""),
            () -> {
              assertNothingHeldInTheDatabase();
              long started = System.nanoTime();
              Http.Reply meanwhile =
                  admin().post("v1/platform/deployments/" + other + "/activate", "");
              assertEquals(200, meanwhile.status(), meanwhile.toString());
              assertTrue(
                  TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 10,
                  "the other activation waited for the probing one");
            });

    assertEquals(true, ModelPlatform.ok(activated).getBoolean("is_active"), activated.toString());
    JsonObject audit = latestAudit(probed);
    assertEquals("activated", audit.getString("outcome"));
    assertEquals(other, audit.getString("previous_deployment_id"), "read under the lock");

    ModelPlatform.ok(admin().post("v1/platform/deployments/" + other + "/activate", ""));
    Http.Reply raced =
        whileHeld(
            stub,
            () -> admin().post("v1/platform/deployments/" + probed + "/activate", ""),
            () ->
                assertEquals(
                    200,
                    admin()
                        .put("v1/platform/providers/" + provider, providerBody(slug, stub))
                        .status()));

    assertProblem(raced, 409, "concurrent_modification");
    assertEquals("rejected", latestAudit(probed).getString("outcome"));
    JsonObject still = ModelPlatform.ok(admin().get("v1/platform/deployments/" + other));
    assertTrue(still.getBoolean("is_active"), still.toString());
  }

  // ---- what a client is told when a provider fails ----

  @Test
  void errorBodiesNameNoProviderAddressNorException() throws Exception {
    StubOpenAiServer stub = stub();
    URI closed = closedPort();
    String config =
        "{\"max_retries\":0,\"first_token_timeout_ms\":1000,\"idle_timeout_ms\":1000,"
            + "\"breaker_failure_threshold\":100}";
    String slug = slug();
    String failing = ModelPlatform.provider(admin(), slug, stub.baseUrl(), null, config);
    String failingModel = ModelPlatform.activeChatModel(admin(), slug(), failing);
    String modelKey =
        ModelPlatform.ok(admin().get("v1/modelops/models/" + failingModel)).getString("model_id");
    ModelPlatform.activeDeployment(
        admin(), slug(), ModelPlatform.binding("llm_inference", failing, failingModel));
    String unreachable = ModelPlatform.provider(admin(), slug(), closed, null, config);
    String unreachableModel = registeredChatModel(unreachable);

    List<Http.Reply> replies = new ArrayList<>();
    replies.add(admin().post("v1/platform/providers/" + unreachable + "/validate", ""));
    replies.add(admin().post("v1/modelops/models/" + unreachableModel + "/validate", ""));
    replies.add(admin().post("v1/modelops/models/" + unreachableModel + "/test", "{}"));
    replies.add(admin().get("v1/modelops/models/" + unreachableModel + "/test-runtimes"));
    stub.failNext(StubOpenAiServer.status(500));
    replies.add(admin().post("v1/platform/providers/" + failing + "/validate", ""));
    stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
    replies.add(admin().post("v1/platform/providers/" + failing + "/validate", ""));
    stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
    replies.add(admin().post("v1/modelops/models/" + failingModel + "/validate", ""));
    stub.failNext(StubOpenAiServer.status(500));
    replies.add(admin().post("v1/modelops/models/" + failingModel + "/test", "{}"));
    stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
    replies.add(admin().post("v1/modelops/models/" + failingModel + "/test", "{}"));

    String chat =
        "{\"model\":\"" + modelKey + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    stub.failNext(StubOpenAiServer.status(500));
    Http.Reply failed = http.post("v1/chat/completions", chat + "}");
    stub.failNext(StubOpenAiServer.hangBeforeFirstByte());
    Http.Reply slow = http.post("v1/chat/completions", chat + "}");
    stub.failNext(StubOpenAiServer.status(503));
    Http.Reply streamRefused = http.post("v1/chat/completions", chat + ",\"stream\":true}");
    assertEquals(502, failed.status(), failed.toString());
    assertEquals(504, slow.status(), slow.toString());
    assertEquals(503, streamRefused.status(), streamRefused.toString());
    replies.addAll(List.of(failed, slow, streamRefused));

    ModelPlatform.ok(
        admin()
            .put(
                "v1/platform/providers/" + failing, providerBody(slug, closed.toString(), config)));
    Http.Reply unreachableChat = awaitChatStatus(chat + "}", 503);
    replies.add(unreachableChat);

    replies.add(admin().get("v1/modelops/models/" + failingModel + "/validations"));
    replies.add(admin().get("v1/modelops/models/" + failingModel + "/tests"));
    replies.add(admin().get("v1/modelops/models/" + unreachableModel + "/validations"));
    replies.add(admin().get("v1/modelops/models/" + unreachableModel + "/tests"));

    for (Http.Reply reply : replies) {
      assertNoLeak(reply, stub.baseUrl(), closed);
    }
    JsonObject check = replies.get(0).json();
    assertEquals("provider_unreachable", check.getString("error_code"), check.toString());
    assertEquals("the provider could not be reached", check.getString("error"));
    assertEquals("the provider answered HTTP 500", replies.get(4).json().getString("error"));
  }

  @Test
  void validationFailuresLookAlikeWhateverListensOnThePort() throws Exception {
    URI closed = closedPort();
    ServerSocket garbage = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeAfter.add(garbage);
    Thread answering =
        new Thread(
            () -> {
              while (!garbage.isClosed()) {
                try (Socket client = garbage.accept();
                    OutputStream out = client.getOutputStream()) {
                  out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedOrGone) {
                  // the test ended, or the client left
                }
              }
            });
    answering.setDaemon(true);
    answering.start();
    URI notHttp = URI.create("http://127.0.0.1:" + garbage.getLocalPort() + "/v1");

    List<JsonObject> checks = new ArrayList<>();
    for (URI endpoint : List.of(closed, notHttp)) {
      String provider = ModelPlatform.provider(admin(), slug(), endpoint, null, "{}");
      Http.Reply reply = admin().post("v1/platform/providers/" + provider + "/validate", "");
      assertNoLeak(reply, endpoint, endpoint);
      checks.add(ModelPlatform.ok(reply));
    }

    for (JsonObject check : checks) {
      assertEquals("failed", check.getString("status"), check.toString());
      assertEquals("provider_unreachable", check.getString("error_code"), check.toString());
      assertTrue(check.isNull("latency_ms"), check.toString());
    }
    assertEquals(checks.get(0).getString("error"), checks.get(1).getString("error"));
  }

  // ---- where providers may be ----

  @Test
  void providerEndpointsAtLinkLocalMetadataOrTheDatabaseAreRefused() throws Exception {
    String databasePort = System.getenv("MAINSPRING_IT_DB_PORT");
    for (String url :
        List.of(
            "http://169.254.169.254/latest",
            "http://[fe80::1]:8000/v1",
            "http://100.100.100.200/v1",
            "http://0.0.0.0:8000/v1",
            "http://127.0.0.1:" + databasePort + "/v1",
            "http://localhost:" + databasePort + "/v1")) {
      String slug = slug();
      Http.Reply refused = admin().post("v1/platform/providers", providerBody(slug, url, "{}"));
      assertProblem(refused, 400, "endpoint_not_allowed");
      assertFalse(refused.text().contains("Exception"), refused.toString());
      assertFalse(admin().get("v1/platform/providers").text().contains(slug), url + " was saved");
    }

    StubOpenAiServer stub = stub();
    String slug = slug();
    String provider = ModelPlatform.provider(admin(), slug, stub.baseUrl(), null, "{}");
    Http.Reply moved =
        admin()
            .put(
                "v1/platform/providers/" + provider,
                providerBody(slug, "http://169.254.169.254/v1", "{}"));
    assertProblem(moved, 400, "endpoint_not_allowed");
    assertEquals(
        stub.baseUrl().toString(),
        ModelPlatform.ok(admin().get("v1/platform/providers/" + provider))
            .getString("endpoint_url"));

    // A row changed behind the API's back is refused when the connection is made.
    try (Connection c = TestDatabase.connect();
        PreparedStatement move =
            c.prepareStatement(
                "update provider_instances set endpoint_url = 'http://169.254.169.254/v1',"
                    + " version = version + 1 where id = ?::uuid")) {
      move.setString(1, provider);
      move.executeUpdate();
    }
    JsonObject check =
        ModelPlatform.ok(admin().post("v1/platform/providers/" + provider + "/validate", ""));
    assertEquals("endpoint_not_allowed", check.getString("error_code"), check.toString());
    assertEquals(0, stub.requestCount());
  }

  // ---- helpers ----

  /**
   * Runs {@code call} on another thread while the stub holds its provider request; runs {@code
   * meanwhile} once the request is held, then lets the provider answer.
   */
  private static Http.Reply whileHeld(
      StubOpenAiServer stub, Supplier<Http.Reply> call, Runnable meanwhile) throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    stub.failNext(new StubOpenAiServer.Hold(arrived, release));
    CompletableFuture<Http.Reply> reply = CompletableFuture.supplyAsync(call);
    try {
      assertTrue(arrived.await(30, TimeUnit.SECONDS), "the provider was not called");
      meanwhile.run();
    } finally {
      release.countDown();
    }
    return reply.get(90, TimeUnit.SECONDS);
  }

  /**
   * No backend of the server has had a transaction open for over a second, and no advisory lock is
   * held: the request whose provider call is held for longer holds neither.
   */
  private static void assertNothingHeldInTheDatabase() {
    try {
      Thread.sleep(1500);
      try (Connection c = TestDatabase.connect();
          PreparedStatement open =
              c.prepareStatement(
                  "select pid, usename, state, now() - xact_start, query from pg_stat_activity"
                      + " where datname = current_database() and pid <> pg_backend_pid()"
                      + " and xact_start < now() - interval '1 second'");
          PreparedStatement locks =
              c.prepareStatement(
                  "select count(*) from pg_locks where locktype = 'advisory' and granted")) {
        List<String> held = new ArrayList<>();
        try (ResultSet r = open.executeQuery()) {
          while (r.next()) {
            held.add(
                r.getString(1)
                    + " "
                    + r.getString(2)
                    + " "
                    + r.getString(3)
                    + " for "
                    + r.getString(4)
                    + ": "
                    + r.getString(5));
          }
        }
        assertEquals(List.of(), held, "transactions open while the provider is called");
        try (ResultSet r = locks.executeQuery()) {
          r.next();
          assertEquals(0, r.getInt(1), "advisory locks held while the provider is called");
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** No provider address, exception class, Java package or stack frame in the body. */
  private static void assertNoLeak(Http.Reply reply, URI... providers) {
    String body = reply.text();
    for (URI provider : providers) {
      assertFalse(body.contains(provider.getHost() + ":" + provider.getPort()), reply.toString());
    }
    assertFalse(body.contains("127.0.0.1"), reply.toString());
    assertFalse(body.contains("localhost"), reply.toString());
    assertFalse(body.contains("java."), reply.toString());
    assertFalse(body.contains("org.apache"), reply.toString());
    assertFalse(body.contains("Exception"), reply.toString());
    assertFalse(body.contains("\tat "), reply.toString());
  }

  /** Chats until the answer has {@code status}: the gateway's view follows a change within 2 s. */
  private Http.Reply awaitChatStatus(String body, int status) throws InterruptedException {
    Http.Reply reply = http.post("v1/chat/completions", body);
    for (int i = 0; i < 50 && reply.status() != status; i++) {
      Thread.sleep(200);
      reply = http.post("v1/chat/completions", body);
    }
    assertEquals(status, reply.status(), reply.toString());
    return reply;
  }

  private String registeredChatModel(String provider) {
    String id =
        ModelPlatform.created(
                admin()
                    .post(
                        "v1/modelops/models",
                        "{\"model_id\":\""
                            + slug()
                            + "\",\"display_name\":\"m\",\"capability\":\"llm_inference\","
                            + "\"provider_id\":\""
                            + provider
                            + "\",\"provider_model_id\":\"stub-model\"}"))
            .getString("id");
    ModelPlatform.ok(admin().post("v1/modelops/models/" + id + "/register", "{}"));
    return id;
  }

  private String deployment(String slug, String binding) {
    return ModelPlatform.created(
            admin()
                .post(
                    "v1/platform/deployments",
                    "{\"slug\":\""
                        + slug
                        + "\",\"display_name\":\""
                        + slug
                        + "\",\"bindings\":["
                        + binding
                        + "]}"))
        .getString("id");
  }

  private String builtinEmbeddingsBinding() {
    String provider =
        ModelPlatform.ok(admin().get("v1/platform/providers")).getJsonArray("providers").stream()
            .map(JsonObject.class::cast)
            .filter(p -> "builtin-embeddings".equals(p.getString("slug")))
            .findFirst()
            .orElseThrow()
            .getString("id");
    String model =
        ModelPlatform.ok(admin().get("v1/modelops/models")).getJsonArray("models").stream()
            .map(JsonObject.class::cast)
            .filter(m -> "all-minilm-l6-v2".equals(m.getString("model_id")))
            .findFirst()
            .orElseThrow()
            .getString("id");
    return ModelPlatform.binding("embeddings", provider, model);
  }

  private JsonObject latestAudit(String deployment) {
    return ModelPlatform.ok(admin().get("v1/platform/activation-audit?limit=200"))
        .getJsonArray("events")
        .stream()
        .map(JsonObject.class::cast)
        .filter(e -> deployment.equals(e.getString("deployment_id")))
        .findFirst()
        .orElseThrow();
  }

  private static long validationsOf(String model) throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement q =
            c.prepareStatement("select count(*) from model_validations where model_id = ?::uuid")) {
      q.setString(1, model);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static String providerBody(String slug, StubOpenAiServer stub) {
    return "{\"slug\":\""
        + slug
        + "\",\"display_name\":\"changed "
        + UUID.randomUUID()
        + "\",\"provider_key\":\"vllm_local\",\"endpoint_url\":\""
        + stub.baseUrl()
        + "\"}";
  }

  private static String providerBody(String slug, String endpoint, String config) {
    return "{\"slug\":\""
        + slug
        + "\",\"display_name\":\""
        + slug
        + "\",\"provider_key\":\"vllm_local\",\"endpoint_url\":\""
        + endpoint
        + "\",\"config\":"
        + config
        + "}";
  }

  private StubOpenAiServer stub() throws IOException {
    StubOpenAiServer stub = StubOpenAiServer.start();
    closeAfter.add(stub);
    return stub;
  }

  private static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
    }
  }

  private static String slug() {
    return "pc-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
