package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ModelOps managed models and their sharing on the real server. Provider instances, deployment
 * bindings and usage records are not this API's to make, so they are SQL fixtures; providers point
 * at a {@link StubOpenAiServer} or at a closed port. What a test makes it removes afterwards, and a
 * test that changes the active profile or the runtime mode puts them back: the database is shared
 * by every IT class.
 */
class ModelOpsModelsIT extends ApiTest {

  private static final String MODELS = "v1/modelops/models";
  private static final String SHARING = "v1/modelops/sharing";

  private final List<UUID> providers = new ArrayList<>();
  private final List<UUID> models = new ArrayList<>();
  private final List<UUID> profiles = new ArrayList<>();

  @AfterEach
  void removeFixtures() throws SQLException {
    try (Connection c = TestDatabase.connect()) {
      delete(c, "delete from deployment_profiles where id = any(?)", profiles);
      delete(c, "delete from usage_records where model_id = any(?)", models);
      delete(c, "delete from managed_models where id = any(?)", models);
      delete(c, "delete from provider_instances where id = any(?)", providers);
    }
  }

  @Test
  void createdModelStartsAsADraftAndIsListed() {
    Http admin = superadmin();
    UUID provider = provider("vllm_local", unusedEndpoint());
    String key = "it/llm:" + UUID.randomUUID();

    Http.Reply created =
        admin.post(
            MODELS,
            model(key, "llm_inference", provider, "stub-model")
                .add("context_window", 8192)
                .build()
                .toString());

    assertEquals(201, created.status(), created.toString());
    JsonObject model = created.json();
    models.add(UUID.fromString(model.getString("id")));
    assertEquals(key, model.getString("model_id"));
    assertEquals("Test model", model.getString("display_name"));
    assertEquals("llm_inference", model.getString("capability"));
    assertEquals(provider.toString(), model.getString("provider_id"));
    assertEquals("stub-model", model.getString("provider_model_id"));
    assertEquals(8192, model.getInt("context_window"));
    assertEquals("draft", model.getString("status"));
    assertFalse(model.getBoolean("is_validation_current"));
    assertTrue(model.isNull("last_validation_status"));
    assertTrue(model.isNull("last_validated_at"));
    assertNotNull(model.getString("created_at"));
    assertEquals(model, admin.get(MODELS + "/" + model.getString("id")).json());

    assertTrue(listed(admin, "").contains(key));
    assertTrue(listed(admin, "?capability=llm_inference&status=draft").contains(key));
    assertFalse(listed(admin, "?capability=embeddings").contains(key));
    assertFalse(listed(admin, "?status=active").contains(key));
  }

  @Test
  void invalidModelsAreRefusedWithTheirCodes() throws SQLException {
    Http admin = superadmin();
    UUID llmProvider = provider("vllm_local", unusedEndpoint());
    String key = "it-taken-" + UUID.randomUUID();
    create(admin, model(key, "llm_inference", llmProvider, "m"));

    assertProblem(
        post(admin, MODELS, model(key, "llm_inference", llmProvider, "m")), 409, "model_id_taken");
    assertProblem(
        post(admin, MODELS, model("-starts-badly", "llm_inference", llmProvider, "m")),
        400,
        "validation_failed");
    assertProblem(
        post(admin, MODELS, model("has space", "llm_inference", llmProvider, "m")),
        400,
        "validation_failed");
    assertProblem(
        post(admin, MODELS, model(fresh(), "vision", llmProvider, "m")), 400, "invalid_capability");
    assertProblem(
        post(
            admin, MODELS, model(fresh(), "llm_inference", llmProvider, "m").addNull("capability")),
        400,
        "invalid_capability");
    assertProblem(
        post(admin, MODELS, model(fresh(), "llm_inference", UUID.randomUUID(), "m")),
        400,
        "unknown_provider");
    assertProblem(
        post(admin, MODELS, model(fresh(), "embeddings", llmProvider, "m")),
        400,
        "provider_capability_mismatch");
    assertProblem(
        post(
            admin,
            MODELS,
            model(fresh(), "llm_inference", llmProvider, "m").add("context_window", 0)),
        400,
        "validation_failed");
    assertProblem(
        post(
            admin,
            MODELS,
            model(fresh(), "llm_inference", llmProvider, "m").add("context_window", 10_000_001)),
        400,
        "validation_failed");

    assertEquals(
        1,
        count("select count(*) from managed_models where provider_id = ?::uuid", llmProvider),
        "a refused model was saved");

    assertProblem(admin.get(MODELS + "?capability=vision"), 400, "invalid_capability");
    assertProblem(admin.get(MODELS + "?status=gone"), 400, "invalid_status");
    assertProblem(admin.get(MODELS + "/" + UUID.randomUUID()), 404, "model_not_found");
  }

  @Test
  void lifecycleAllowsOnlyItsMoves() throws IOException {
    Http admin = superadmin();
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      UUID provider = provider("vllm_local", stub.baseUrl().toString());
      String id = create(admin, model(fresh(), "llm_inference", provider, StubOpenAiServer.MODEL));

      assertProblem(admin.post(path(id, "validate"), "{}"), 409, "invalid_model_transition");
      assertProblem(admin.post(path(id, "activate"), "{}"), 409, "invalid_model_transition");
      assertStatus("registered", admin.post(path(id, "register"), "{}"));
      Http.Reply twice = admin.post(path(id, "register"), "{}");
      assertProblem(twice, 409, "invalid_model_transition");
      assertTrue(
          twice.json().getString("detail").contains("from registered to registered"),
          twice.toString());
      assertProblem(admin.post(path(id, "activate"), "{}"), 409, "model_not_validated");
      assertProblem(admin.post(path(id, "deactivate"), "{}"), 409, "invalid_model_transition");
      assertProblem(admin.delete(MODELS + "/" + id), 409, "invalid_model_transition");

      assertEquals("success", admin.post(path(id, "validate"), "{}").json().getString("status"));
      Http.Reply active = admin.post(path(id, "activate"), "{}");
      assertStatus("active", active);
      assertTrue(active.json().getBoolean("is_validation_current"));
      assertEquals("success", active.json().getString("last_validation_status"));
      Http.Reply wrong = admin.post(path(id, "unregister"), "{}");
      assertProblem(wrong, 409, "invalid_model_transition");
      assertTrue(
          wrong.json().getString("detail").contains("from active to unregistered"),
          wrong.toString());
      assertProblem(admin.delete(MODELS + "/" + id), 409, "invalid_model_transition");

      assertStatus("inactive", admin.post(path(id, "deactivate"), "{}"));
      assertStatus("active", admin.post(path(id, "activate"), "{}"));
      assertStatus("inactive", admin.post(path(id, "deactivate"), "{}"));
      assertStatus("unregistered", admin.post(path(id, "unregister"), "{}"));
      assertProblem(admin.post(path(id, "deactivate"), "{}"), 409, "invalid_model_transition");
      assertStatus("registered", admin.post(path(id, "register"), "{}"));
      assertStatus("unregistered", admin.post(path(id, "unregister"), "{}"));

      assertEquals(204, admin.delete(MODELS + "/" + id).status());
      assertProblem(admin.get(MODELS + "/" + id), 404, "model_not_found");
      assertProblem(admin.post(path(id, "register"), "{}"), 404, "model_not_found");
    }
  }

  @Test
  void validationChecksTheProviderAndIsKeptWhenItFails() throws Exception {
    Http admin = superadmin();
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      UUID served = provider("vllm_local", stub.baseUrl().toString());
      UUID unreachable = provider("vllm_local", closedPortEndpoint());
      String listed = registered(admin, model(fresh(), "llm_inference", served, "stub-model"));
      String unlisted = registered(admin, model(fresh(), "llm_inference", served, "not-served"));
      String down = registered(admin, model(fresh(), "llm_inference", unreachable, "stub-model"));

      Http.Reply passed = admin.post(path(listed, "validate"), "");
      assertEquals(200, passed.status(), passed.toString());
      JsonObject validation = passed.json();
      assertEquals("success", validation.getString("status"));
      assertEquals(listed, validation.getString("model_id"));
      assertEquals(served.toString(), validation.getString("provider_id"));
      assertTrue(validation.getString("detail").contains("lists stub-model"), passed.toString());
      JsonObject model = admin.get(MODELS + "/" + listed).json();
      assertTrue(model.getBoolean("is_validation_current"));
      assertEquals("success", model.getString("last_validation_status"));
      assertNotNull(model.getString("last_validated_at"));

      Http.Reply notListed = admin.post(path(unlisted, "validate"), "");
      assertEquals(200, notListed.status(), notListed.toString());
      assertEquals("failed", notListed.json().getString("status"));
      assertTrue(
          notListed.json().getString("detail").contains("does not list not-served"),
          notListed.toString());
      assertEquals(
          "failed", admin.get(MODELS + "/" + unlisted).json().getString("last_validation_status"));
      assertProblem(admin.post(path(unlisted, "activate"), "{}"), 409, "model_not_validated");

      Http.Reply notReachable = admin.post(path(down, "validate"), "");
      assertEquals(200, notReachable.status(), notReachable.toString());
      assertEquals("failed", notReachable.json().getString("status"));
      assertTrue(
          notReachable.json().getString("detail").contains("(provider_unreachable)"),
          notReachable.toString());
      assertEquals(
          1, count("select count(*) from model_validations where model_id = ?::uuid", down));

      execute(
          "update provider_instances set endpoint_url = ?, version = version + 1 where id = ?::uuid",
          closedPortEndpoint(),
          served.toString());
      assertEquals("failed", admin.post(path(listed, "validate"), "").json().getString("status"));
      assertProblem(admin.post(path(listed, "activate"), "{}"), 409, "model_not_validated");
      JsonArray validations =
          admin.get(path(listed, "validations")).json().getJsonArray("validations");
      assertEquals(2, validations.size());
      assertEquals("failed", validations.getJsonObject(0).getString("status"), "newest first");
      assertEquals(validation, validations.getJsonObject(1));
    }
  }

  @Test
  void testRunGoesThroughTheProviderAndIsKept() throws IOException {
    Http admin = superadmin();
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      stub.answer(List.of("Hello", " from the stub"));
      UUID provider = provider("vllm_local", stub.baseUrl().toString());
      String id = create(admin, model(fresh(), "llm_inference", provider, "stub-model"));

      Http.Reply run = admin.post(path(id, "test"), "{}");
      assertEquals(200, run.status(), run.toString());
      assertEquals("success", run.json().getString("status"));
      assertEquals("Say hello.", run.json().getString("input"));
      assertEquals("Hello from the stub", run.json().getString("output"));
      assertTrue(run.json().isNull("error"));
      assertEquals(id, run.json().getString("model_id"));
      assertTrue(run.json().getInt("latency_ms") >= 0);
      JsonObject sent =
          Json.createReader(new StringReader(stub.requestBodies().get(0))).readObject();
      assertEquals("stub-model", sent.getString("model"));
      assertEquals(64, sent.getInt("max_tokens"));
      assertEquals("user", sent.getJsonArray("messages").getJsonObject(0).getString("role"));

      Http.Reply asked = admin.post(path(id, "test"), "{\"input\":\"Ping?\"}");
      assertEquals("Ping?", asked.json().getString("input"));
      assertEquals(
          200,
          admin.send("POST", path(id, "test"), BodyPublishers.noBody()).status(),
          "a test needs no body");

      stub.failNext(StubOpenAiServer.status(500));
      Http.Reply failed = admin.post(path(id, "test"), "{}");
      assertEquals(200, failed.status(), failed.toString());
      assertEquals("failed", failed.json().getString("status"));
      assertTrue(failed.json().isNull("output"));
      assertEquals("the provider answered HTTP 500", failed.json().getString("error"));

      assertProblem(
          admin.post(path(id, "test"), "{\"input\":\"" + "x".repeat(4001) + "\"}"),
          400,
          "validation_failed");
      JsonArray tests = admin.get(path(id, "tests")).json().getJsonArray("tests");
      assertEquals(4, tests.size());
      assertEquals(failed.json(), tests.getJsonObject(0), "newest first");
      assertEquals(run.json(), tests.getJsonObject(3));
    }
  }

  @Test
  void embeddingsAreTestedThroughTheProviderButNotYetInProcess() throws IOException {
    Http admin = superadmin();
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      UUID cloud = provider("openai_compatible_cloud_embeddings", stub.baseUrl().toString());
      String id = create(admin, model(fresh(), "embeddings", cloud, "stub-embed"));
      Http.Reply run = admin.post(path(id, "test"), "{\"input\":\"a sentence\"}");
      assertEquals(200, run.status(), run.toString());
      assertEquals(
          StubOpenAiServer.EMBEDDING_DIMENSIONS + " dimensions", run.json().getString("output"));
    }

    UUID builtin = provider("builtin_embeddings", null);
    String id = registered(admin, model(fresh(), "embeddings", builtin, "all-minilm-l6-v2"));
    assertEquals("success", admin.post(path(id, "validate"), "").json().getString("status"));
    Http.Reply builtinRun = admin.post(path(id, "test"), "{\"input\":\"a sentence\"}");
    assertEquals(200, builtinRun.status(), builtinRun.toString());
    assertEquals("384 dimensions", builtinRun.json().getString("output"));
    assertEquals(1, admin.get(path(id, "tests")).json().getJsonArray("tests").size());
  }

  @Test
  void testRuntimesProbeEveryEnabledProviderOfTheCapability() throws IOException {
    Http admin = superadmin();
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      UUID serving = provider("vllm_local", stub.baseUrl().toString());
      UUID down = provider("llama_cpp_local", closedPortEndpoint());
      UUID disabled = provider("vllm_local", stub.baseUrl().toString());
      setEnabled(disabled, false);
      UUID embeddings = provider("openai_compatible_cloud_embeddings", stub.baseUrl().toString());
      String id = create(admin, model(fresh(), "llm_inference", serving, "stub-model"));

      JsonArray runtimes = admin.get(path(id, "test-runtimes")).json().getJsonArray("runtimes");

      JsonObject served = runtime(runtimes, serving);
      assertEquals("vllm_local", served.getString("provider_key"));
      assertEquals("local", served.getString("provider_origin"));
      assertTrue(served.getBoolean("reachable"));
      assertTrue(served.getBoolean("serves_model"));
      assertEquals(List.of("stub-model"), strings(served.getJsonArray("advertised")));
      assertTrue(served.isNull("loaded_model_id"));
      assertTrue(served.isNull("error"));
      JsonObject unreachable = runtime(runtimes, down);
      assertFalse(unreachable.getBoolean("reachable"));
      assertFalse(unreachable.getBoolean("serves_model"));
      assertEquals("provider_unreachable", unreachable.getString("error_code"));
      assertEquals("the provider could not be reached", unreachable.getString("error"));
      assertTrue(runtimes.stream().noneMatch(r -> isProvider(r, disabled)), "disabled listed");
      assertTrue(runtimes.stream().noneMatch(r -> isProvider(r, embeddings)), "wrong capability");
    }
  }

  @Test
  void offlineRuntimeKeepsCloudProvidersUncalled() throws Exception {
    Http admin = superadmin();
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      UUID cloud = provider("openai_compatible_cloud_llm", stub.baseUrl().toString());
      String id = registered(admin, model(fresh(), "llm_inference", cloud, "stub-model"));
      String mode = runtimeMode();
      setRuntimeMode("offline");
      try {
        assertProblem(admin.post(path(id, "validate"), ""), 409, "offline_provider_blocked");
        assertProblem(admin.post(path(id, "test"), "{}"), 409, "offline_provider_blocked");
        JsonObject runtime =
            runtime(admin.get(path(id, "test-runtimes")).json().getJsonArray("runtimes"), cloud);
        assertFalse(runtime.getBoolean("reachable"));
        assertEquals("offline_provider_blocked", runtime.getString("error_code"));
        assertEquals("cloud", runtime.getString("provider_origin"));
      } finally {
        setRuntimeMode(mode);
      }
      assertEquals(0, stub.requestCount(), "a cloud provider was called while offline");
      assertEquals(0, count("select count(*) from model_validations where model_id = ?::uuid", id));
    }
  }

  @Test
  void boundModelStaysInUse() throws Exception {
    Http admin = superadmin();
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      UUID provider = provider("vllm_local", stub.baseUrl().toString());
      String id = registered(admin, model(fresh(), "llm_inference", provider, "stub-model"));
      admin.post(path(id, "validate"), "");
      assertStatus("active", admin.post(path(id, "activate"), "{}"));
      String draft = create(admin, model(fresh(), "llm_inference", provider, "stub-model"));
      UUID profile = profileBinding(provider, UUID.fromString(id), UUID.fromString(draft));

      whileActive(
          profile,
          () -> assertProblem(admin.post(path(id, "deactivate"), "{}"), 409, "model_in_use"));
      assertProblem(admin.delete(MODELS + "/" + draft), 409, "model_in_use");
      assertStatus("inactive", admin.post(path(id, "deactivate"), "{}"));
      assertProblem(admin.post(path(id, "unregister"), "{}"), 409, "model_in_use");

      execute("delete from deployment_binding_models where model_id = ?::uuid", id);
      assertStatus("unregistered", admin.post(path(id, "unregister"), "{}"));
      assertEquals(204, admin.delete(MODELS + "/" + id).status());
      execute(
          "update deployment_bindings set default_model_id = null where deployment_id = ?::uuid",
          profile.toString());
      assertEquals(204, admin.delete(MODELS + "/" + draft).status());
    }
  }

  @Test
  void usageSumsEveryOrganization() throws Exception {
    Http admin = superadmin();
    UUID provider = provider("vllm_local", unusedEndpoint());
    String id = create(admin, model(fresh(), "llm_inference", provider, "m"));
    String other = create(admin, model(fresh(), "llm_inference", provider, "m"));
    UUID first = UUID.fromString(Accounts.withOrganization(anonymous, "usage-a").orgId());
    UUID second = UUID.fromString(Accounts.withOrganization(anonymous, "usage-b").orgId());
    usage(first, id, "success", 10, 5, false);
    usage(first, id, "success", 20, 7, true);
    usage(second, id, "upstream_error", 3, 0, false);
    usage(second, other, "success", 100, 100, false);

    Http.Reply reply = admin.get(path(id, "usage"));

    assertEquals(200, reply.status(), reply.toString());
    JsonObject usage = reply.json();
    assertEquals(id, usage.getString("model_id"));
    assertEquals(
        Json.createObjectBuilder()
            .add("requests", 3)
            .add("prompt_tokens", 33)
            .add("completion_tokens", 12)
            .add("estimated_requests", 1)
            .build(),
        usage.getJsonObject("totals"));
    JsonArray byOutcome = usage.getJsonArray("by_outcome");
    assertEquals(2, byOutcome.size());
    assertEquals(
        Json.createObjectBuilder()
            .add("outcome", "success")
            .add("requests", 2)
            .add("prompt_tokens", 30)
            .add("completion_tokens", 12)
            .add("estimated_requests", 1)
            .build(),
        byOutcome.getJsonObject(0));
    assertEquals("upstream_error", byOutcome.getJsonObject(1).getString("outcome"));
    assertEquals(
        0,
        admin
            .get(path(create(admin, model(fresh(), "llm_inference", provider, "m")), "usage"))
            .json()
            .getJsonObject("totals")
            .getInt("requests"));
  }

  @Test
  void sharingDefaultsToEveryoneAndIsReplacedWhole() throws Exception {
    Http admin = superadmin();
    UUID provider = provider("vllm_local", unusedEndpoint());
    String key = fresh();
    String id = create(admin, model(key, "llm_inference", provider, "m"));
    String first = Accounts.withOrganization(anonymous, "share-a").orgId();
    String second = Accounts.withOrganization(anonymous, "share-b").orgId();

    JsonObject unshared = sharingOf(admin, id);
    assertEquals(key, unshared.getString("model_key"));
    assertEquals("everyone", unshared.getString("scope"));
    assertEquals(0, unshared.getJsonArray("grants").size());
    assertTrue(unshared.isNull("updated_at"));
    assertTrue(unshared.isNull("updated_by"));

    Http.Reply restricted =
        put(
            admin,
            sharing(id, "restricted", grant(first, "member", "admin"), grant(second, "admin")));
    assertEquals(200, restricted.status(), restricted.toString());
    JsonObject rule = restricted.json();
    assertEquals("restricted", rule.getString("scope"));
    assertEquals(
        Json.createArrayBuilder()
            .add(
                Json.createObjectBuilder()
                    .add("organization_id", first)
                    .add("roles", Json.createArrayBuilder().add("member").add("admin")))
            .add(
                Json.createObjectBuilder()
                    .add("organization_id", second)
                    .add("roles", Json.createArrayBuilder().add("admin")))
            .build(),
        rule.getJsonArray("grants"));
    assertEquals(admin.get("users/me").json().getString("id"), rule.getString("updated_by"));
    assertNotNull(rule.getString("updated_at"));
    assertEquals(rule, sharingOf(admin, id));

    assertEquals("nobody", put(admin, sharing(id, "nobody")).json().getString("scope"));
    assertEquals(0, sharingOf(admin, id).getJsonArray("grants").size());
    assertEquals(0, count("select count(*) from model_access_grants where model_id = ?::uuid", id));

    assertProblem(
        put(admin, sharing(UUID.randomUUID().toString(), "everyone")), 404, "model_not_found");
    assertProblem(put(admin, sharing(id, "friends")), 400, "invalid_scope");
    assertProblem(
        put(admin, Json.createObjectBuilder().add("model_id", id).addNull("scope").build()),
        400,
        "invalid_scope");
    assertProblem(
        put(admin, sharing(id, "everyone", grant(first, "member"))), 400, "grants_need_restricted");
    assertProblem(
        put(admin, sharing(id, "restricted", grant(UUID.randomUUID().toString(), "member"))),
        400,
        "unknown_organization");
    assertProblem(put(admin, sharing(id, "restricted", grant(first))), 400, "invalid_role");
    assertProblem(
        put(admin, sharing(id, "restricted", grant(first, "owner"))), 400, "invalid_role");
    assertProblem(
        put(admin, sharing(id, "restricted", grant(first, "member"), grant(first, "admin"))),
        400,
        "duplicate_organization");
    assertEquals("nobody", sharingOf(admin, id).getString("scope"), "a refused change changed");
  }

  @Test
  void everyEndpointIsForSuperadminsOnly() {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "not-superadmin");
    Accounts.Account member = Accounts.registered(anonymous, "plain-member");
    assertEquals(
        201,
        owner
            .http()
            .post(
                "api/orgs/" + owner.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    String key =
        owner
            .http()
            .post("api-keys", "{\"name\":\"k\",\"scopes\":[\"*\"]}")
            .json()
            .getString("secret");

    forEveryEndpoint(owner.http(), reply -> assertProblem(reply, 403, "superadmin_required"));
    forEveryEndpoint(
        member.http().withHeader("X-Org-Id", owner.orgId()),
        reply -> assertProblem(reply, 403, "superadmin_required"));
    forEveryEndpoint(
        anonymous.withHeader("X-API-Key", key),
        reply -> assertProblem(reply, 403, "user_token_required"));
  }

  private void forEveryEndpoint(Http caller, Consumer<Http.Reply> check) {
    String model = MODELS + "/" + UUID.randomUUID();
    String body = model(fresh(), "llm_inference", UUID.randomUUID(), "m").build().toString();
    check.accept(caller.get(MODELS));
    check.accept(caller.post(MODELS, body));
    check.accept(caller.get(model));
    check.accept(caller.delete(model));
    for (String action :
        List.of("register", "activate", "deactivate", "unregister", "validate", "test")) {
      check.accept(caller.post(model + "/" + action, "{}"));
    }
    for (String view : List.of("validations", "tests", "test-runtimes", "usage")) {
      check.accept(caller.get(model + "/" + view));
    }
    check.accept(caller.get(SHARING));
    check.accept(put(caller, sharing(UUID.randomUUID().toString(), "nobody")));
  }

  // ---- requests

  private Http superadmin() {
    return Accounts.superadmin(anonymous);
  }

  private static JsonObjectBuilder model(
      String key, String capability, UUID provider, String providerModelId) {
    return Json.createObjectBuilder()
        .add("model_id", key)
        .add("display_name", "Test model")
        .add("capability", capability)
        .add("provider_id", provider.toString())
        .add("provider_model_id", providerModelId);
  }

  private static String fresh() {
    return "it-model-" + UUID.randomUUID();
  }

  private static Http.Reply post(Http http, String path, JsonObjectBuilder body) {
    return http.post(path, body.build().toString());
  }

  private static Http.Reply put(Http http, JsonObject body) {
    return http.send(
        "PUT",
        SHARING,
        BodyPublishers.ofString(body.toString()),
        "Content-Type",
        "application/json");
  }

  /** Creates the model; answers its id and removes it after the test. */
  private String create(Http admin, JsonObjectBuilder body) {
    Http.Reply created = post(admin, MODELS, body);
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    models.add(UUID.fromString(id));
    return id;
  }

  private String registered(Http admin, JsonObjectBuilder body) {
    String id = create(admin, body);
    assertStatus("registered", admin.post(path(id, "register"), "{}"));
    return id;
  }

  private static String path(String id, String action) {
    return MODELS + "/" + id + "/" + action;
  }

  private static void assertStatus(String status, Http.Reply reply) {
    assertEquals(200, reply.status(), reply.toString());
    assertEquals(status, reply.json().getString("status"), reply.toString());
  }

  private static List<String> listed(Http admin, String query) {
    Http.Reply reply = admin.get(MODELS + query);
    assertEquals(200, reply.status(), reply.toString());
    return reply.json().getJsonArray("models").getValuesAs(JsonObject.class).stream()
        .map(m -> m.getString("model_id"))
        .toList();
  }

  private static JsonObject runtime(JsonArray runtimes, UUID provider) {
    return runtimes.stream()
        .filter(r -> isProvider(r, provider))
        .map(JsonValue::asJsonObject)
        .findFirst()
        .orElseThrow(() -> new AssertionError(provider + " not in " + runtimes));
  }

  private static boolean isProvider(JsonValue runtime, UUID provider) {
    return runtime.asJsonObject().getString("provider_id").equals(provider.toString());
  }

  private static List<String> strings(JsonArray array) {
    return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  private static JsonObject sharingOf(Http admin, String modelId) {
    return admin.get(SHARING).json().getJsonArray("sharing").stream()
        .map(JsonValue::asJsonObject)
        .filter(entry -> entry.getString("model_id").equals(modelId))
        .findFirst()
        .orElseThrow(() -> new AssertionError(modelId + " has no sharing entry"));
  }

  private static JsonObject sharing(String modelId, String scope, JsonObject... grants) {
    var list = Json.createArrayBuilder();
    for (JsonObject grant : grants) {
      list.add(grant);
    }
    return Json.createObjectBuilder()
        .add("model_id", modelId)
        .add("scope", scope)
        .add("grants", list)
        .build();
  }

  private static JsonObject grant(String orgId, String... roles) {
    return Json.createObjectBuilder()
        .add("organization_id", orgId)
        .add("roles", Json.createArrayBuilder(List.of(roles)))
        .build();
  }

  // ---- SQL fixtures

  /** A provider instance of {@code family} at {@code endpoint}, removed after the test. */
  private UUID provider(String family, String endpoint) {
    UUID id = UUID.randomUUID();
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "insert into provider_instances (id, slug, display_name, family_key,"
                    + " endpoint_url, enabled, connect_timeout_ms, first_token_timeout_ms,"
                    + " idle_timeout_ms, max_retries, max_concurrency, breaker_failure_threshold,"
                    + " breaker_open_ms, version, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, true, 2000, 10000, 10000, 0, 4, 5, 30000, 1,"
                    + " now(), now())")) {
      s.setObject(1, id);
      s.setString(2, "it-" + id);
      s.setString(3, "IT provider");
      s.setString(4, family);
      s.setString(5, endpoint);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    providers.add(id);
    return id;
  }

  private static void setEnabled(UUID provider, boolean enabled) {
    execute(
        "update provider_instances set enabled = " + enabled + " where id = ?::uuid",
        provider.toString());
  }

  /** An endpoint nothing calls in the test. */
  private static String unusedEndpoint() {
    return "http://127.0.0.1:9/v1";
  }

  /** A loopback port that was free a moment ago and is closed now. */
  private static String closedPortEndpoint() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An inactive deployment profile whose llm_inference binding on {@code provider} lists {@code
   * listed} and has {@code byDefault} as its default; removed after the test.
   */
  private UUID profileBinding(UUID provider, UUID listed, UUID byDefault) throws SQLException {
    UUID profile = UUID.randomUUID();
    UUID binding = UUID.randomUUID();
    try (Connection c = TestDatabase.connect()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into deployment_profiles (id, slug, display_name, is_active, version,"
                  + " created_at, updated_at)"
                  + " values (?, ?, 'IT profile', false, 1, now(), now())")) {
        s.setObject(1, profile);
        s.setString(2, "it-" + profile);
        s.executeUpdate();
      }
      profiles.add(profile);
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into deployment_bindings (id, deployment_id, capability, provider_id,"
                  + " default_model_id) values (?, ?, 'llm_inference', ?, ?)")) {
        s.setObject(1, binding);
        s.setObject(2, profile);
        s.setObject(3, provider);
        s.setObject(4, byDefault);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into deployment_binding_models (binding_id, model_id, position)"
                  + " values (?, ?, 0)")) {
        s.setObject(1, binding);
        s.setObject(2, listed);
        s.executeUpdate();
      }
    }
    return profile;
  }

  /** Runs {@code check} while {@code profile} is the active one, then restores the former. */
  private static void whileActive(UUID profile, Runnable check) throws SQLException {
    UUID former = null;
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement("select id from deployment_profiles where is_active");
        ResultSet r = s.executeQuery()) {
      if (r.next()) {
        former = r.getObject(1, UUID.class);
      }
    }
    execute("update deployment_profiles set is_active = false where is_active");
    execute(
        "update deployment_profiles set is_active = true where id = ?::uuid", profile.toString());
    try {
      check.run();
    } finally {
      execute(
          "update deployment_profiles set is_active = false where id = ?::uuid",
          profile.toString());
      if (former != null) {
        execute(
            "update deployment_profiles set is_active = true where id = ?::uuid",
            former.toString());
      }
    }
  }

  private static String runtimeMode() throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement("select mode from runtime_profile");
        ResultSet r = s.executeQuery()) {
      assertTrue(r.next());
      return r.getString(1);
    }
  }

  private static void setRuntimeMode(String mode) {
    execute("update runtime_profile set mode = ?", mode);
  }

  /** A usage record of the gateway, written as the schema owner past row-level security. */
  private static void usage(
      UUID orgId, String modelId, String outcome, long prompt, long completion, boolean estimated)
      throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "insert into usage_records (id, org_id, model_id, model, endpoint, streamed,"
                    + " prompt_tokens, completion_tokens, estimated, duration_ms, outcome,"
                    + " http_status, created_at)"
                    + " values (?, ?, ?::uuid, 'it', 'chat_completions', false, ?, ?, ?, 10, ?,"
                    + " 200, now())")) {
      s.setObject(1, UUID.randomUUID());
      s.setObject(2, orgId);
      s.setString(3, modelId);
      s.setLong(4, prompt);
      s.setLong(5, completion);
      s.setBoolean(6, estimated);
      s.setString(7, outcome);
      s.executeUpdate();
    }
  }

  /** The count {@code sql} finds for the one id it takes. */
  private static long count(String sql, Object id) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id.toString());
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next());
        return r.getLong(1);
      }
    }
  }

  private static void execute(String sql, String... parameters) {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void delete(Connection c, String sql, List<UUID> ids) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      s.executeUpdate();
    }
  }
}
