package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What gateway tests set up through the superadmin API: a provider instance, an active chat model
 * on it, a deployment profile made active; and what they read back from the database.
 */
final class ModelPlatform {

  private ModelPlatform() {}

  /**
   * A {@code vllm_local} provider at {@code endpoint}; {@code secretRef} may be null; {@code
   * config} is the JSON of its {@code config} object.
   */
  static String provider(Http admin, String slug, URI endpoint, String secretRef, String config) {
    return provider(admin, "vllm_local", slug, endpoint, secretRef, config);
  }

  /** A provider of {@code family} at {@code endpoint}, as {@link #provider} otherwise. */
  static String provider(
      Http admin, String family, String slug, URI endpoint, String secretRef, String config) {
    return created(
            admin.post(
                "v1/platform/providers",
                "{\"slug\":\""
                    + slug
                    + "\",\"display_name\":\""
                    + slug
                    + "\",\"provider_key\":\""
                    + family
                    + "\",\"endpoint_url\":\""
                    + endpoint
                    + "\""
                    + (secretRef == null
                        ? ""
                        : ",\"secret_refs\":{\"api_key\":\"" + secretRef + "\"}")
                    + ",\"config\":"
                    + config
                    + "}"))
        .getString("id");
  }

  /**
   * A chat model {@code key} served as {@code stub-model}: created, registered, validated, active.
   */
  static String activeChatModel(Http admin, String key, String providerId) {
    return activeModel(admin, key, "llm_inference", providerId);
  }

  /** A model of {@code capability} served as {@code stub-model}, made active as above. */
  static String activeModel(Http admin, String key, String capability, String providerId) {
    String id =
        created(
                admin.post(
                    "v1/modelops/models",
                    "{\"model_id\":\""
                        + key
                        + "\",\"display_name\":\""
                        + key
                        + "\",\"capability\":\""
                        + capability
                        + "\",\"provider_id\":\""
                        + providerId
                        + "\",\"provider_model_id\":\"stub-model\"}"))
            .getString("id");
    assertEquals(200, admin.post("v1/modelops/models/" + id + "/register", "{}").status());
    JsonObject validation = ok(admin.post("v1/modelops/models/" + id + "/validate", "{}"));
    assertEquals("success", validation.getString("status"), validation.toString());
    assertEquals(200, admin.post("v1/modelops/models/" + id + "/activate", "{}").status());
    return id;
  }

  /** A binding of a model-bearing capability, as the deployments API takes it. */
  static String binding(String capability, String providerId, String modelId) {
    return "{\"capability\":\""
        + capability
        + "\",\"provider_id\":\""
        + providerId
        + "\",\"resources\":[\""
        + modelId
        + "\"],\"default_resource_id\":\""
        + modelId
        + "\"}";
  }

  /** A deployment profile with the given bindings, made active. */
  static String activeDeployment(Http admin, String slug, String... bindings) {
    String id =
        created(
                admin.post(
                    "v1/platform/deployments",
                    "{\"slug\":\""
                        + slug
                        + "\",\"display_name\":\""
                        + slug
                        + "\",\"bindings\":["
                        + String.join(",", bindings)
                        + "]}"))
            .getString("id");
    JsonObject activated = ok(admin.post("v1/platform/deployments/" + id + "/activate", "{}"));
    assertEquals(true, activated.getBoolean("is_active"), activated.toString());
    return id;
  }

  /**
   * A loopback model stub serving a new chat model through a new active deployment, for test
   * classes that run agents: the stub converses and answers "Hello, world!" in four pieces (see
   * {@link #resetStub}). Put {@code local-default} back with {@link #reactivateLocalDefault} after.
   */
  static StubOpenAiServer stubChatDeployment(Http admin, String label, int maxConcurrency)
      throws Exception {
    String chatModel = label + "-" + UUID.randomUUID().toString().substring(0, 8);
    StubOpenAiServer stub = StubOpenAiServer.start();
    resetStub(stub);
    String provider =
        provider(
            admin,
            "stub-" + chatModel,
            stub.baseUrl(),
            null,
            "{\"max_concurrency\":" + maxConcurrency + "}");
    String modelId = activeChatModel(admin, chatModel, provider);
    activeDeployment(admin, label + "-" + chatModel, binding("llm_inference", provider, modelId));
    Thread.sleep(300);
    return stub;
  }

  /** The stub as {@link #stubChatDeployment} made it: no script, no delay, "Hello, world!". */
  static void resetStub(StubOpenAiServer stub) {
    stub.clearScript();
    stub.converse(true);
    stub.chunkDelay(Duration.ZERO);
    stub.answer(List.of("Hello", ",", " world", "!"));
  }

  /** Puts the seeded {@code local-default} profile back in charge, for the test classes after. */
  static void reactivateLocalDefault() throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement none =
            c.prepareStatement("update deployment_profiles set is_active = false");
        PreparedStatement local =
            c.prepareStatement(
                "update deployment_profiles set is_active = true where slug = 'local-default'")) {
      none.executeUpdate();
      local.executeUpdate();
    }
    // The change is made in the database, not through the server, so the shared server sees it
    // as it would another instance's: a runtime snapshot older than two lifetimes
    // (mainspring.gateway.snapshot-ttl-ms, 2 s by default) is reloaded before it is used. Wait
    // that long, so the next test class starts on local-default.
    Thread.sleep(2 * SNAPSHOT_TTL_MILLIS + 500);
  }

  /** The server's runtime snapshot lifetime in the test runs (the default). */
  static final long SNAPSHOT_TTL_MILLIS = 2000;

  /**
   * Waits (up to 10 s) until {@code count} rows are there: usage records are written by a
   * background writer, and a cut stream is metered as it ends; then waits a little more and reads
   * again, so that a record written twice would show.
   */
  static List<String[]> awaitUsage(String keyId, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String[]> rows = usageOfKey(keyId);
    while (rows.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
      rows = usageOfKey(keyId);
    }
    Thread.sleep(300);
    return usageOfKey(keyId);
  }

  /** The usage records of one API key: outcome, prompt, completion, estimated ("t" or "f"). */
  static List<String[]> usageOfKey(String keyId) throws Exception {
    List<String[]> rows = new ArrayList<>();
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "select outcome, prompt_tokens, completion_tokens, estimated from usage_records"
                    + " where api_key_id = ?::uuid order by id")) {
      s.setString(1, keyId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new String[] {
                r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4) ? "t" : "f"
              });
        }
      }
    }
    return rows;
  }

  static JsonObject created(Http.Reply reply) {
    assertEquals(201, reply.status(), reply.toString());
    return reply.json();
  }

  static JsonObject ok(Http.Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }
}
