package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Document C's control plane on the real server: providers, deployment profiles and their bindings,
 * activation with its preflight and audit, the runtime mode and the seeded defaults. A {@link
 * StubOpenAiServer} stands in for a reachable provider, a closed loopback port for an unreachable
 * one; managed models come from SQL (ModelOps is not served by this branch).
 *
 * <p>The database is shared with the other test classes: every test deletes what it made and puts
 * the runtime back to online with {@code local-default} active.
 */
class PlatformControlIT extends ApiTest {

  private static final String LOCAL_DEFAULT = "local-default";
  private static final String BUILTIN_PROVIDER = "builtin-embeddings";
  private static final String BUILTIN_MODEL = "all-minilm-l6-v2";

  private final List<String> deployments = new ArrayList<>();
  private final List<String> providers = new ArrayList<>();
  private final List<String> models = new ArrayList<>();
  private final List<String> credentials = new ArrayList<>();
  private final List<AutoCloseable> stubs = new ArrayList<>();
  private Http admin;

  private Http superadmin() {
    if (admin == null) {
      admin = Accounts.superadmin(anonymous);
    }
    return admin;
  }

  @AfterEach
  void restoreRuntimeAndDeleteWhatTheTestMade() throws Exception {
    Http root = superadmin();
    try {
      JsonObject runtime = root.get("v1/runtime/profile").json();
      if (!"online".equals(runtime.getString("mode"))) {
        assertEquals(200, root.put("v1/runtime/profile", "{\"mode\":\"online\"}").status());
      }
      JsonObject localDefault = deploymentBySlug(LOCAL_DEFAULT);
      if (!localDefault.getBoolean("is_active")) {
        Http.Reply activated =
            root.post("v1/platform/deployments/" + localDefault.getString("id") + "/activate", "");
        assertEquals(200, activated.status(), activated.toString());
      }
    } finally {
      for (String id : deployments) {
        root.delete("v1/platform/deployments/" + id);
      }
      try (Connection c = TestDatabase.connect();
          PreparedStatement delete =
              c.prepareStatement("delete from managed_models where id = ?")) {
        for (String id : models) {
          delete.setObject(1, UUID.fromString(id));
          delete.executeUpdate();
        }
      }
      for (String id : providers) {
        root.delete("v1/platform/providers/" + id);
      }
      for (String id : credentials) {
        root.delete("v1/modelops/credentials/" + id);
      }
      for (AutoCloseable stub : stubs) {
        stub.close();
      }
    }
  }

  // ---- seeded defaults ----

  @Test
  void familiesAreSeededWithTheirOrigins() {
    Http.Reply reply = superadmin().get("v1/platform/provider-families");
    assertEquals(200, reply.status(), reply.toString());
    Map<String, JsonObject> families =
        byKey(reply.json().getJsonArray("provider_families").getValuesAs(JsonObject.class), "key");
    assertEquals("cloud", families.get("openai_compatible_cloud_llm").getString("provider_origin"));
    assertEquals(
        "cloud", families.get("openai_compatible_cloud_embeddings").getString("provider_origin"));
    assertEquals("local", families.get("vllm_local").getString("provider_origin"));
    assertEquals("local", families.get("llama_cpp_local").getString("provider_origin"));
    JsonObject builtin = families.get("builtin_embeddings");
    assertEquals("local", builtin.getString("provider_origin"));
    assertEquals("builtin", builtin.getString("adapter"));
    assertEquals("embeddings", builtin.getString("capability"));
    assertEquals("openai_http", families.get("vllm_local").getString("adapter"));
  }

  @Test
  void builtinProviderModelAndLocalDefaultAreSeededAndActive() throws Exception {
    JsonObject builtin = providerBySlug(BUILTIN_PROVIDER);
    assertEquals("builtin_embeddings", builtin.getString("provider_key"));
    assertEquals("local", builtin.getString("provider_origin"));
    assertTrue(builtin.isNull("endpoint_url"));

    try (Connection c = TestDatabase.connect();
        PreparedStatement q =
            c.prepareStatement(
                "select m.status, m.is_validation_current, m.last_validation_status,"
                    + " m.capability, m.provider_id, v.detail from managed_models m"
                    + " join model_validations v on v.model_id = m.id where m.model_key = ?")) {
      q.setString(1, BUILTIN_MODEL);
      try (ResultSet r = q.executeQuery()) {
        assertTrue(r.next(), "no built-in model with a validation");
        assertEquals("active", r.getString(1));
        assertTrue(r.getBoolean(2));
        assertEquals("success", r.getString(3));
        assertEquals("embeddings", r.getString(4));
        assertEquals(builtin.getString("id"), r.getString(5));
        assertEquals("built in", r.getString(6));
      }
    }

    JsonObject localDefault = deploymentBySlug(LOCAL_DEFAULT);
    assertTrue(localDefault.getBoolean("is_active"), localDefault.toString());
    JsonObject embeddings = binding(localDefault, "embeddings");
    assertEquals(BUILTIN_PROVIDER, embeddings.getJsonObject("provider").getString("slug"));
    assertEquals(BUILTIN_MODEL, embeddings.getJsonObject("default_resource").getString("model_id"));
    assertEquals("ready", embeddings.getString("configuration_status"));
    assertEquals("listed", embeddings.getJsonObject("resource_policy").getString("mode"));
    // No LLM runtime is configured in this run: the profile lacks llm_inference.
    assertEquals("incomplete", localDefault.getString("configuration_status"));
    assertEquals(
        "[\"llm_inference\"]", localDefault.getJsonArray("missing_capabilities").toString());

    try (Connection c = TestDatabase.connect();
        PreparedStatement q =
            c.prepareStatement(
                "select count(*) from activation_audit where deployment_id = ?"
                    + " and outcome = 'activated' and actor_user_id is null")) {
      q.setObject(1, UUID.fromString(localDefault.getString("id")));
      try (ResultSet r = q.executeQuery()) {
        r.next();
        assertEquals(1, r.getInt(1), "one audit row of the startup activation");
      }
    }
  }

  // ---- providers ----

  @Test
  void providerLifecycleWithSlugConflictImmutableFamilyAndVersions() throws Exception {
    Http root = superadmin();
    String endpoint = stub().baseUrl().toString();
    String slug = slug();
    Http.Reply created =
        root.post(
            "v1/platform/providers", providerBody(slug, "vllm_local", endpoint).build().toString());
    assertEquals(201, created.status(), created.toString());
    JsonObject provider = created.json();
    String id = provider.getString("id");
    providers.add(id);
    assertTrue(created.header("Location").endsWith("/v1/platform/providers/" + id));
    assertEquals(
        "\"" + provider.getJsonNumber("version").longValue() + "\"", created.header("ETag"));
    assertEquals("vllm_local", provider.getString("provider_key"));
    assertEquals("llm_inference", provider.getString("capability"));
    assertEquals("local", provider.getString("provider_origin"));
    assertEquals(endpoint, provider.getString("endpoint_url"));
    assertTrue(provider.getBoolean("enabled"));
    assertEquals(0, provider.getJsonObject("secret_refs").size());
    JsonObject config = provider.getJsonObject("config");
    assertEquals(5000, config.getInt("connect_timeout_ms"));
    assertEquals(60000, config.getInt("first_token_timeout_ms"));
    assertEquals(60000, config.getInt("idle_timeout_ms"));
    assertEquals(2, config.getInt("max_retries"));
    assertEquals(64, config.getInt("max_concurrency"));
    assertEquals(5, config.getInt("breaker_failure_threshold"));
    assertEquals(30000, config.getInt("breaker_open_ms"));
    assertTrue(provider.isNull("loaded_model_id"));

    assertEquals(id, root.get("v1/platform/providers/" + id).json().getString("id"));
    assertEquals(id, providerBySlug(slug).getString("id"));
    assertProblem(
        root.post(
            "v1/platform/providers", providerBody(slug, "vllm_local", endpoint).build().toString()),
        409,
        "provider_slug_taken");

    String llmModel = insertModel("llm_inference", true);
    setModelProvider(llmModel, id);
    Http.Reply replaced =
        root.put(
            "v1/platform/providers/" + id,
            providerBody(slug, "vllm_local", endpoint + "/")
                .add("display_name", "Renamed")
                .add("enabled", false)
                .add("config", Json.createObjectBuilder().add("max_retries", 0))
                .build()
                .toString(),
            "If-Match",
            created.header("ETag"));
    assertEquals(200, replaced.status(), replaced.toString());
    assertEquals("Renamed", replaced.json().getString("display_name"));
    assertEquals(endpoint, replaced.json().getString("endpoint_url"), "trailing slash dropped");
    assertFalse(replaced.json().getBoolean("enabled"));
    assertEquals(0, replaced.json().getJsonObject("config").getInt("max_retries"));
    assertEquals(5000, replaced.json().getJsonObject("config").getInt("connect_timeout_ms"));
    assertNotEquals(created.header("ETag"), replaced.header("ETag"));
    assertFalse(validationCurrent(llmModel), "the provider's model validations did not go stale");

    assertProblem(
        root.put(
            "v1/platform/providers/" + id,
            providerBody(slug, "llama_cpp_local", endpoint).build().toString()),
        409,
        "provider_family_immutable");
    assertProblem(
        root.put(
            "v1/platform/providers/" + id,
            providerBody(slug, "vllm_local", endpoint).build().toString(),
            "If-Match",
            created.header("ETag")),
        412,
        "precondition_failed");
    assertProblem(
        root.put(
            "v1/platform/providers/" + id,
            providerBody(BUILTIN_PROVIDER, "vllm_local", endpoint).build().toString()),
        409,
        "provider_slug_taken");

    assertProblem(root.delete("v1/platform/providers/" + id), 409, "provider_in_use");
    setModelProvider(llmModel, null);
    assertEquals(204, root.delete("v1/platform/providers/" + id).status());
    assertProblem(root.get("v1/platform/providers/" + id), 404, "provider_not_found");
  }

  @Test
  void invalidProviderRequestsAreRejectedWithTheirCodes() {
    Http root = superadmin();
    String good = "http://127.0.0.1:9/v1";
    assertProblem(
        root.post(
            "v1/platform/providers",
            providerBody(slug(), "no_such_family", good).build().toString()),
        400,
        "unknown_provider_family");
    for (String bad :
        new String[] {
          "ftp://127.0.0.1/v1",
          "http://user:pw@127.0.0.1:9/v1",
          "http://127.0.0.1:9/v1?key=1",
          "not a url",
          ""
        }) {
      assertProblem(
          root.post(
              "v1/platform/providers", providerBody(slug(), "vllm_local", bad).build().toString()),
          400,
          "invalid_endpoint_url");
    }
    assertProblem(
        root.post(
            "v1/platform/providers", providerBody(slug(), "vllm_local", null).build().toString()),
        400,
        "invalid_endpoint_url");
    assertProblem(
        root.post(
            "v1/platform/providers",
            providerBody(slug(), "openai_compatible_cloud_llm", good)
                .add("secret_refs", secretRefs("modelops://credential/" + UUID.randomUUID()))
                .build()
                .toString()),
        400,
        "unknown_credential");
    assertProblem(
        root.post(
            "v1/platform/providers",
            providerBody(slug(), "openai_compatible_cloud_llm", good)
                .add("secret_refs", secretRefs("sk-plain-secret"))
                .build()
                .toString()),
        400,
        "unknown_credential");
    assertProblem(
        root.post(
            "v1/platform/providers",
            providerBody(slug(), "openai_compatible_cloud_llm", good)
                .add("secret_refs", Json.createObjectBuilder().add("password", "x"))
                .build()
                .toString()),
        400,
        "invalid_secret_refs");
    assertProblem(
        root.post(
            "v1/platform/providers",
            providerBody(slug(), "vllm_local", good)
                .add("config", Json.createObjectBuilder().add("max_retries", 6))
                .build()
                .toString()),
        400,
        "validation_failed");
    assertProblem(
        root.post(
            "v1/platform/providers",
            providerBody("Not A Slug", "vllm_local", good).build().toString()),
        400,
        "validation_failed");
  }

  @Test
  void builtinProviderKeepsNoEndpointAndNoSecret() {
    Http.Reply created =
        superadmin()
            .post(
                "v1/platform/providers",
                providerBody(slug(), "builtin_embeddings", "http://127.0.0.1:9/v1")
                    .add("secret_refs", secretRefs("modelops://credential/" + UUID.randomUUID()))
                    .build()
                    .toString());
    assertEquals(201, created.status(), created.toString());
    providers.add(created.json().getString("id"));
    assertTrue(created.json().isNull("endpoint_url"));
    assertEquals(0, created.json().getJsonObject("secret_refs").size());
  }

  @Test
  void secretValueIsNeverShownButReachesTheProvider() throws Exception {
    Http root = superadmin();
    String secret = "sk-it-" + UUID.randomUUID();
    Http.Reply credential =
        root.post(
            "v1/modelops/credentials",
            "{\"name\":\"platform " + UUID.randomUUID() + "\",\"secret\":\"" + secret + "\"}");
    assertEquals(201, credential.status(), credential.toString());
    credentials.add(credential.json().getString("id"));
    String ref = credential.json().getString("ref");
    StubOpenAiServer stub = stub();

    String slug = slug();
    List<Http.Reply> replies = new ArrayList<>();
    Http.Reply created =
        root.post(
            "v1/platform/providers",
            providerBody(slug, "openai_compatible_cloud_llm", stub.baseUrl().toString())
                .add("secret_refs", secretRefs(ref))
                .build()
                .toString());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    providers.add(id);
    assertEquals("cloud", created.json().getString("provider_origin"));
    assertEquals(ref, created.json().getJsonObject("secret_refs").getString("api_key"));
    replies.add(created);
    replies.add(root.get("v1/platform/providers/" + id));
    replies.add(root.get("v1/platform/providers"));
    replies.add(
        root.put(
            "v1/platform/providers/" + id,
            providerBody(slug, "openai_compatible_cloud_llm", stub.baseUrl().toString())
                .add("secret_refs", secretRefs(ref))
                .build()
                .toString()));
    Http.Reply validated = root.post("v1/platform/providers/" + id + "/validate", "");
    replies.add(validated);
    for (Http.Reply reply : replies) {
      assertTrue(reply.status() < 300, reply.toString());
      assertFalse(reply.text().contains(secret), "the secret was shown: " + reply);
    }
    assertEquals("success", validated.json().getString("status"), validated.toString());
    assertTrue(stub.authorizations().contains("Bearer " + secret), "the key was not sent");
  }

  @Test
  void validateReportsReachableAndUnreachableProvidersAsResults() throws Exception {
    Http root = superadmin();
    String reachable = provider("vllm_local", stub().baseUrl().toString());
    Http.Reply ok = root.post("v1/platform/providers/" + reachable + "/validate", "");
    assertEquals(200, ok.status(), ok.toString());
    JsonObject check = ok.json();
    assertEquals(reachable, check.getString("provider_id"));
    assertEquals("success", check.getString("status"));
    assertTrue(check.getBoolean("reachable"));
    assertTrue(check.getJsonNumber("latency_ms").longValue() >= 0);
    assertTrue(check.getJsonArray("models").toString().contains(StubOpenAiServer.MODEL));
    assertTrue(check.isNull("error"));
    assertTrue(check.isNull("error_code"));
    assertNotNull(Instant.parse(check.getString("checked_at")));

    String unreachable = provider("vllm_local", closedPortUrl());
    Http.Reply failed = root.post("v1/platform/providers/" + unreachable + "/validate", "");
    assertEquals(200, failed.status(), failed.toString());
    assertEquals("failed", failed.json().getString("status"));
    assertFalse(failed.json().getBoolean("reachable"));
    assertEquals("provider_unreachable", failed.json().getString("error_code"));
    assertEquals("the provider could not be reached", failed.json().getString("error"));
    assertTrue(failed.json().isNull("latency_ms"), failed.toString());

    String builtin = providerBySlug(BUILTIN_PROVIDER).getString("id");
    Http.Reply builtinCheck = root.post("v1/platform/providers/" + builtin + "/validate", "");
    assertEquals("success", builtinCheck.json().getString("status"), builtinCheck.toString());

    assertProblem(
        root.post("v1/platform/providers/" + UUID.randomUUID() + "/validate", ""),
        404,
        "provider_not_found");
  }

  @Test
  void loadedModelSlotBelongsToLocalRuntimesOnly() throws Exception {
    Http root = superadmin();
    String local = provider("vllm_local", closedPortUrl());
    String llmModel = insertModel("llm_inference", true);
    String embeddingsModel = insertModel("embeddings", true);

    Http.Reply loaded =
        root.post(
            "v1/platform/providers/" + local + "/loaded-model",
            "{\"model_id\":\"" + llmModel + "\"}");
    assertEquals(200, loaded.status(), loaded.toString());
    assertEquals(llmModel, loaded.json().getString("loaded_model_id"));
    assertProblem(
        root.post(
            "v1/platform/providers/" + local + "/loaded-model",
            "{\"model_id\":\"" + embeddingsModel + "\"}"),
        400,
        "model_capability_mismatch");
    assertProblem(
        root.post(
            "v1/platform/providers/" + local + "/loaded-model",
            "{\"model_id\":\"" + UUID.randomUUID() + "\"}"),
        400,
        "unknown_model");
    Http.Reply cleared = root.delete("v1/platform/providers/" + local + "/loaded-model");
    assertEquals(200, cleared.status(), cleared.toString());
    assertTrue(cleared.json().isNull("loaded_model_id"));

    String cloud = provider("openai_compatible_cloud_llm", closedPortUrl());
    assertProblem(
        root.post(
            "v1/platform/providers/" + cloud + "/loaded-model",
            "{\"model_id\":\"" + llmModel + "\"}"),
        400,
        "loaded_model_local_only");
    String builtin = providerBySlug(BUILTIN_PROVIDER).getString("id");
    assertProblem(
        root.delete("v1/platform/providers/" + builtin + "/loaded-model"),
        400,
        "loaded_model_local_only");
  }

  // ---- deployments ----

  @Test
  void deploymentLifecycleReportsConfigurationStatus() throws Exception {
    Http root = superadmin();
    String llm = provider("vllm_local", closedPortUrl());
    String builtin = providerBySlug(BUILTIN_PROVIDER).getString("id");
    String builtinModel = builtinModelId();
    String first = insertModel("llm_inference", true);
    String second = insertModel("llm_inference", true);

    String slug = slug();
    Http.Reply created =
        root.post(
            "v1/platform/deployments",
            deploymentBody(
                    slug,
                    binding("embeddings", builtin, List.of(builtinModel), builtinModel),
                    binding("llm_inference", llm, List.of(), null))
                .build()
                .toString());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    deployments.add(id);
    assertTrue(created.header("Location").endsWith("/v1/platform/deployments/" + id));
    JsonObject deployment = created.json();
    assertFalse(deployment.getBoolean("is_active"));
    assertTrue(deployment.isNull("activated_at"));
    assertEquals("incomplete", deployment.getString("configuration_status"));
    assertEquals(0, deployment.getJsonArray("missing_capabilities").size());
    JsonObject llmBinding = binding(deployment, "llm_inference");
    assertEquals("incomplete", llmBinding.getString("configuration_status"));
    assertEquals("local", llmBinding.getString("provider_origin"));
    assertEquals(llm, llmBinding.getJsonObject("provider").getString("id"));
    assertTrue(llmBinding.isNull("default_resource"));
    assertEquals("ready", binding(deployment, "embeddings").getString("configuration_status"));
    assertEquals(
        List.of("llm_inference", "embeddings"),
        deployment.getJsonArray("bindings").getValuesAs(JsonObject.class).stream()
            .map(b -> b.getString("capability"))
            .toList());

    assertProblem(
        root.post("v1/platform/deployments", deploymentBody(slug).build().toString()),
        409,
        "deployment_slug_taken");
    assertEquals(slug, root.get("v1/platform/deployments/" + id).json().getString("slug"));

    Http.Reply patched =
        root.patch("v1/platform/deployments/" + id, "{\"display_name\":\"Patched\"}");
    assertEquals(200, patched.status(), patched.toString());
    assertEquals("Patched", patched.json().getString("display_name"));
    assertEquals(slug, patched.json().getString("slug"));
    assertEquals(2, patched.json().getJsonArray("bindings").size());
    assertProblem(
        root.patch("v1/platform/deployments/" + id, "{\"slug\":\"" + LOCAL_DEFAULT + "\"}"),
        409,
        "deployment_slug_taken");

    Http.Reply bound =
        root.put(
            "v1/platform/deployments/" + id + "/bindings/llm_inference",
            binding(null, llm, List.of(first, second), first).build().toString());
    assertEquals(200, bound.status(), bound.toString());
    JsonObject ready = bound.json();
    assertEquals("ready", ready.getString("configuration_status"));
    JsonObject readyLlm = binding(ready, "llm_inference");
    assertEquals("ready", readyLlm.getString("configuration_status"));
    assertEquals(first, readyLlm.getString("default_resource_id"));
    JsonObject resource = readyLlm.getJsonArray("resources").getJsonObject(1);
    assertEquals(second, resource.getString("id"));
    assertEquals("it-model-" + second, resource.getString("model_id"));
    assertEquals("upstream-" + second, resource.getString("provider_model_id"));
    assertEquals(first, readyLlm.getJsonObject("default_resource").getString("id"));

    Http.Reply replaced =
        root.put(
            "v1/platform/deployments/" + id,
            deploymentBody(slug, binding("embeddings", builtin, List.of(builtinModel), null))
                .add("display_name", "Replaced")
                .build()
                .toString(),
            "If-Match",
            bound.header("ETag"));
    assertEquals(200, replaced.status(), replaced.toString());
    assertEquals("Replaced", replaced.json().getString("display_name"));
    assertEquals(1, replaced.json().getJsonArray("bindings").size());
    assertEquals(
        "incomplete",
        binding(replaced.json(), "embeddings").getString("configuration_status"),
        "a resource without a default is incomplete");
    assertEquals(
        "[\"llm_inference\"]", replaced.json().getJsonArray("missing_capabilities").toString());
    assertProblem(
        root.put(
            "v1/platform/deployments/" + id,
            deploymentBody(slug).build().toString(),
            "If-Match",
            bound.header("ETag")),
        412,
        "precondition_failed");

    String copySlug = slug();
    Http.Reply copy =
        root.post("v1/platform/deployments/" + id + "/clone", "{\"slug\":\"" + copySlug + "\"}");
    assertEquals(201, copy.status(), copy.toString());
    String copyId = copy.json().getString("id");
    deployments.add(copyId);
    assertEquals("Replaced", copy.json().getString("display_name"));
    assertFalse(copy.json().getBoolean("is_active"));
    assertEquals(
        binding(replaced.json(), "embeddings").getJsonArray("resources"),
        binding(copy.json(), "embeddings").getJsonArray("resources"));
    assertProblem(
        root.post("v1/platform/deployments/" + id + "/clone", "{\"slug\":\"" + copySlug + "\"}"),
        409,
        "deployment_slug_taken");

    assertTrue(
        root.get("v1/platform/deployments").json().getJsonArray("deployments").stream()
            .anyMatch(d -> copySlug.equals(d.asJsonObject().getString("slug"))));
    assertEquals(204, root.delete("v1/platform/deployments/" + copyId).status());
    assertEquals(204, root.delete("v1/platform/deployments/" + id).status());
    assertProblem(root.get("v1/platform/deployments/" + id), 404, "deployment_not_found");
  }

  @Test
  void bindingRulesRejectEachViolationWithItsCode() throws Exception {
    Http root = superadmin();
    String llm = provider("vllm_local", closedPortUrl());
    String builtin = providerBySlug(BUILTIN_PROVIDER).getString("id");
    String llmModel = insertModel("llm_inference", true);
    String embeddingsModel = insertModel("embeddings", true);
    String inactiveModel = insertModel("llm_inference", false);
    String id = deployment(slug());
    String path = "v1/platform/deployments/" + id + "/bindings/";

    assertProblem(
        root.put(path + "text_to_speech", binding(null, llm, List.of(), null).build().toString()),
        400,
        "unknown_capability");
    assertProblem(
        root.put(path + "llm_inference", "{\"resources\":[]}"), 400, "binding_provider_required");
    assertProblem(
        root.put(
            path + "llm_inference",
            binding(null, UUID.randomUUID().toString(), List.of(), null).build().toString()),
        400,
        "unknown_provider");
    assertProblem(
        root.put(path + "embeddings", binding(null, llm, List.of(), null).build().toString()),
        400,
        "provider_capability_mismatch");
    assertProblem(
        root.put(path + "vector_store", binding(null, llm, List.of(), null).build().toString()),
        400,
        "provider_capability_mismatch");
    assertProblem(
        root.put(
            path + "llm_inference",
            binding(null, llm, List.of(UUID.randomUUID().toString()), null).build().toString()),
        400,
        "unknown_model");
    assertProblem(
        root.put(
            path + "llm_inference",
            binding(null, llm, List.of(embeddingsModel), null).build().toString()),
        400,
        "model_capability_mismatch");
    assertProblem(
        root.put(
            path + "llm_inference",
            binding(null, llm, List.of(inactiveModel), null).build().toString()),
        400,
        "model_not_bindable");
    assertProblem(
        root.put(
            path + "llm_inference",
            binding(null, llm, List.of(llmModel, llmModel), llmModel).build().toString()),
        400,
        "duplicate_resource");
    assertProblem(
        root.put(
            path + "llm_inference",
            binding(null, llm, List.of(llmModel), UUID.randomUUID().toString()).build().toString()),
        400,
        "default_not_in_resources");

    String rejectedSlug = slug();
    assertProblem(
        root.post(
            "v1/platform/deployments",
            deploymentBody(
                    rejectedSlug,
                    binding("embeddings", builtin, List.of(), null),
                    binding("embeddings", builtin, List.of(), null))
                .build()
                .toString()),
        400,
        "duplicate_capability");
    assertProblem(
        root.post(
            "v1/platform/deployments",
            deploymentBody(rejectedSlug, binding("embeddings", llm, List.of(), null))
                .build()
                .toString()),
        400,
        "provider_capability_mismatch");
    assertTrue(
        root.get("v1/platform/deployments").json().getJsonArray("deployments").stream()
            .noneMatch(d -> rejectedSlug.equals(d.asJsonObject().getString("slug"))),
        "a rejected deployment was saved");

    JsonObject unchanged = root.get("v1/platform/deployments/" + id).json();
    assertEquals(0, unchanged.getJsonArray("bindings").size(), unchanged.toString());
  }

  // ---- activation ----

  @Test
  void preflightRejectsUnreachableAndDisabledProvidersAndAuditsTheRejection() throws Exception {
    Http root = superadmin();
    String unreachableSlug = slug();
    String unreachable =
        created(
            root.post(
                "v1/platform/providers",
                providerBody(unreachableSlug, "vllm_local", closedPortUrl()).build().toString()),
            providers);
    String id = deploymentWithLlm(slug(), unreachable);

    Http.Reply rejected = root.post("v1/platform/deployments/" + id + "/activate", "");
    assertProblem(rejected, 409, "provider_preflight_failed");
    assertTrue(rejected.json().getString("detail").contains(unreachableSlug), rejected.toString());
    assertEquals(LOCAL_DEFAULT, activeSlug());
    JsonObject event = latestAuditOf(id);
    assertEquals("rejected", event.getString("outcome"));
    assertTrue(event.getString("detail").contains(unreachableSlug));
    assertEquals(superadminUserId(), event.getString("actor_user_id"));
    assertEquals(
        deploymentBySlug(LOCAL_DEFAULT).getString("id"), event.getString("previous_deployment_id"));

    String disabledSlug = slug();
    String disabled =
        created(
            root.post(
                "v1/platform/providers",
                providerBody(disabledSlug, "vllm_local", stub().baseUrl().toString())
                    .add("enabled", false)
                    .build()
                    .toString()),
            providers);
    String second = deploymentWithLlm(slug(), disabled);
    Http.Reply refused = root.post("v1/platform/deployments/" + second + "/activate", "");
    assertProblem(refused, 409, "provider_preflight_failed");
    assertTrue(refused.json().getString("detail").contains(disabledSlug + " is disabled"));
    assertEquals("rejected", latestAuditOf(second).getString("outcome"));
    assertEquals(LOCAL_DEFAULT, activeSlug());
  }

  @Test
  void activationSwitchesTheActiveProfileAndAuditsIt() throws Exception {
    Http root = superadmin();
    String llmSlug = slug();
    String llm =
        created(
            root.post(
                "v1/platform/providers",
                providerBody(llmSlug, "vllm_local", stub().baseUrl().toString())
                    .build()
                    .toString()),
            providers);
    String id = deploymentWithLlm(slug(), llm);
    String localDefault = deploymentBySlug(LOCAL_DEFAULT).getString("id");

    Http.Reply activated = root.post("v1/platform/deployments/" + id + "/activate", "");
    assertEquals(200, activated.status(), activated.toString());
    assertTrue(activated.json().getBoolean("is_active"));
    assertNotNull(Instant.parse(activated.json().getString("activated_at")));
    assertFalse(deploymentBySlug(LOCAL_DEFAULT).getBoolean("is_active"));
    JsonObject event = latestAuditOf(id);
    assertEquals("activated", event.getString("outcome"));
    assertEquals(localDefault, event.getString("previous_deployment_id"));
    assertEquals(superadminUserId(), event.getString("actor_user_id"));

    JsonObject runtime = http.get("v1/runtime/profile").json();
    assertEquals(id, runtime.getJsonObject("active_deployment").getString("id"));
    JsonObject llmRuntime = runtime.getJsonObject("capabilities").getJsonObject("llm_inference");
    assertEquals(llmSlug, llmRuntime.getString("provider_slug"));
    assertEquals("incomplete", llmRuntime.getString("configuration_status"));
    JsonObject capability =
        byKey(
                http.get("v1/platform/capabilities")
                    .json()
                    .getJsonArray("capabilities")
                    .getValuesAs(JsonObject.class),
                "key")
            .get("llm_inference");
    assertEquals(llm, capability.getJsonObject("active_binding").getString("provider_id"));

    Http.Reply again = root.post("v1/platform/deployments/" + id + "/activate", "");
    assertEquals(200, again.status(), again.toString());
    assertEquals("already active", latestAuditOf(id).getString("detail"));
    assertProblem(root.delete("v1/platform/deployments/" + id), 409, "deployment_active");

    Http.Reply back = root.post("v1/platform/deployments/" + localDefault + "/activate", "");
    assertEquals(200, back.status(), back.toString());
    assertFalse(root.get("v1/platform/deployments/" + id).json().getBoolean("is_active"));
  }

  @Test
  void auditLimitIsChecked() {
    Http root = superadmin();
    Http.Reply one = root.get("v1/platform/activation-audit?limit=1");
    assertEquals(200, one.status(), one.toString());
    assertEquals(1, one.json().getJsonArray("events").size());
    assertProblem(root.get("v1/platform/activation-audit?limit=0"), 400, "invalid_limit");
    assertProblem(root.get("v1/platform/activation-audit?limit=201"), 400, "invalid_limit");
    assertProblem(root.get("v1/platform/activation-audit?limit=many"), 400, "invalid_limit");
  }

  // ---- offline mode ----

  @Test
  void offlineModeBlocksCloudProviders() throws Exception {
    Http root = superadmin();
    StubOpenAiServer stub = stub();
    String cloud = provider("openai_compatible_cloud_llm", stub.baseUrl().toString());
    String local = provider("vllm_local", stub.baseUrl().toString());
    String cloudDeployment = deploymentWithLlm(slug(), cloud);
    String localDefault = deploymentBySlug(LOCAL_DEFAULT).getString("id");

    assertEquals(
        200, root.post("v1/platform/deployments/" + cloudDeployment + "/activate", "").status());
    assertProblem(
        root.put("v1/runtime/profile", "{\"mode\":\"offline\"}"), 409, "offline_provider_blocked");
    assertEquals("online", http.get("v1/runtime/profile").json().getString("mode"));

    assertEquals(
        200, root.post("v1/platform/deployments/" + localDefault + "/activate", "").status());
    Http.Reply offline = root.put("v1/runtime/profile", "{\"mode\":\"offline\"}");
    assertEquals(200, offline.status(), offline.toString());
    assertEquals("offline", offline.json().getString("mode"));
    assertEquals(superadminUserId(), offline.json().getString("updated_by"));

    assertProblem(
        root.post("v1/platform/providers/" + cloud + "/validate", ""),
        409,
        "offline_provider_blocked");
    assertEquals(
        "success",
        root.post("v1/platform/providers/" + local + "/validate", "").json().getString("status"));
    assertProblem(
        root.post("v1/platform/deployments/" + cloudDeployment + "/activate", ""),
        409,
        "offline_provider_blocked");
    assertEquals("rejected", latestAuditOf(cloudDeployment).getString("outcome"));
    assertEquals(LOCAL_DEFAULT, activeSlug());
    assertProblem(
        root.put(
            "v1/platform/deployments/" + localDefault + "/bindings/llm_inference",
            binding(null, cloud, List.of(), null).build().toString()),
        409,
        "offline_provider_blocked");

    assertProblem(root.put("v1/runtime/profile", "{\"mode\":\"airplane\"}"), 400, "invalid_mode");
    Http.Reply online = root.put("v1/runtime/profile", "{\"mode\":\"online\"}");
    assertEquals("online", online.json().getString("mode"));
  }

  // ---- who may do what ----

  @Test
  void superadminEndpointsRefuseMembersAndApiKeys() {
    String key =
        http.post("api-keys", "{\"name\":\"platform\",\"scopes\":[\"*\"]}")
            .json()
            .getString("secret");
    Http apiKey = anonymous.withHeader("X-API-Key", key);
    String some = UUID.randomUUID().toString();
    String[][] calls = {
      {"GET", "v1/platform/provider-families"},
      {"GET", "v1/platform/providers"},
      {"POST", "v1/platform/providers"},
      {"GET", "v1/platform/providers/" + some},
      {"PUT", "v1/platform/providers/" + some},
      {"DELETE", "v1/platform/providers/" + some},
      {"POST", "v1/platform/providers/" + some + "/validate"},
      {"POST", "v1/platform/providers/" + some + "/loaded-model"},
      {"DELETE", "v1/platform/providers/" + some + "/loaded-model"},
      {"GET", "v1/platform/deployments"},
      {"POST", "v1/platform/deployments"},
      {"GET", "v1/platform/deployments/" + some},
      {"PATCH", "v1/platform/deployments/" + some},
      {"PUT", "v1/platform/deployments/" + some},
      {"PUT", "v1/platform/deployments/" + some + "/bindings/llm_inference"},
      {"POST", "v1/platform/deployments/" + some + "/clone"},
      {"DELETE", "v1/platform/deployments/" + some},
      {"POST", "v1/platform/deployments/" + some + "/activate"},
      {"GET", "v1/platform/activation-audit"},
      {"PUT", "v1/runtime/profile"},
    };
    String body =
        providerBody(slug(), "vllm_local", "http://127.0.0.1:9/v1")
            .add("provider_id", some)
            .add("model_id", some)
            .add("mode", "offline")
            .build()
            .toString();
    for (String[] call : calls) {
      assertProblem(call(http, call[0], call[1], body), 403, "superadmin_required");
      assertProblem(call(apiKey, call[0], call[1], body), 403, "user_token_required");
    }
    assertProblem(anonymous.get("v1/platform/capabilities"), 401, "unauthenticated");
    assertProblem(anonymous.get("v1/runtime/profile"), 401, "unauthenticated");
  }

  @Test
  void capabilitiesAndRuntimeProfileAreReadableByMembersAndApiKeys() {
    String key =
        http.post("api-keys", "{\"name\":\"runtime\",\"scopes\":[\"projects:read\"]}")
            .json()
            .getString("secret");
    for (Http caller : List.of(http, anonymous.withHeader("X-API-Key", key))) {
      Http.Reply capabilities = caller.get("v1/platform/capabilities");
      assertEquals(200, capabilities.status(), capabilities.toString());
      List<JsonObject> list =
          capabilities.json().getJsonArray("capabilities").getValuesAs(JsonObject.class);
      assertEquals(
          List.of(
              "llm_inference", "embeddings", "vector_store", "mcp_runtime", "sandbox_execution"),
          list.stream().map(c -> c.getString("key")).toList());
      Map<String, JsonObject> byKey = byKey(list, "key");
      assertTrue(byKey.get("embeddings").getBoolean("model_bearing"));
      assertTrue(byKey.get("embeddings").getBoolean("required"));
      assertFalse(byKey.get("vector_store").getBoolean("required"));
      assertEquals(
          BUILTIN_PROVIDER,
          byKey.get("embeddings").getJsonObject("active_binding").getString("provider_slug"));
      assertTrue(byKey.get("vector_store").isNull("active_binding"));

      Http.Reply runtime = caller.get("v1/runtime/profile");
      assertEquals(200, runtime.status(), runtime.toString());
      JsonObject profile = runtime.json();
      assertEquals("online", profile.getString("mode"));
      assertEquals(LOCAL_DEFAULT, profile.getJsonObject("active_deployment").getString("slug"));
      JsonObject embeddings = profile.getJsonObject("capabilities").getJsonObject("embeddings");
      assertEquals("builtin_embeddings", embeddings.getString("provider_key"));
      assertEquals("local", embeddings.getString("provider_origin"));
      assertEquals(
          BUILTIN_MODEL, embeddings.getJsonObject("default_resource").getString("model_id"));
      assertEquals(1, embeddings.getJsonArray("resources").size());
      assertEquals("listed", embeddings.getJsonObject("resource_policy").getString("mode"));
      assertFalse(profile.getJsonObject("capabilities").containsKey("llm_inference"));
      assertNotNull(Instant.parse(profile.getString("updated_at")));
    }
  }

  // ---- helpers ----

  private static Http.Reply call(Http client, String method, String path, String body) {
    return switch (method) {
      case "GET" -> client.get(path);
      case "DELETE" -> client.delete(path);
      case "POST" -> client.post(path, body);
      case "PUT" -> client.put(path, body);
      case "PATCH" -> client.patch(path, body);
      default -> throw new IllegalArgumentException(method);
    };
  }

  private StubOpenAiServer stub() throws java.io.IOException {
    StubOpenAiServer stub = StubOpenAiServer.start();
    stubs.add(stub);
    return stub;
  }

  /** The URL of a loopback port nothing listens on. */
  private static String closedPortUrl() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }
  }

  private static String slug() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObjectBuilder providerBody(String slug, String family, String endpoint) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("slug", slug)
            .add("display_name", "IT " + slug)
            .add("provider_key", family);
    if (endpoint != null) {
      body.add("endpoint_url", endpoint);
    }
    return body;
  }

  private static JsonObjectBuilder secretRefs(String ref) {
    return Json.createObjectBuilder().add("api_key", ref);
  }

  private static JsonObjectBuilder binding(
      String capability, String providerId, List<String> resources, String defaultId) {
    JsonObjectBuilder binding = Json.createObjectBuilder();
    if (capability != null) {
      binding.add("capability", capability);
    }
    JsonArrayBuilder ids = Json.createArrayBuilder();
    resources.forEach(ids::add);
    binding.add("provider_id", providerId).add("resources", ids);
    if (defaultId != null) {
      binding.add("default_resource_id", defaultId);
    }
    return binding;
  }

  private static JsonObjectBuilder deploymentBody(String slug, JsonObjectBuilder... bindings) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (JsonObjectBuilder binding : bindings) {
      list.add(binding);
    }
    return Json.createObjectBuilder()
        .add("slug", slug)
        .add("display_name", "IT " + slug)
        .add("bindings", list);
  }

  /** The id of a created resource, remembered for deletion. */
  private static String created(Http.Reply reply, List<String> into) {
    assertEquals(201, reply.status(), reply.toString());
    String id = reply.json().getString("id");
    into.add(id);
    return id;
  }

  private String provider(String family, String endpoint) {
    return created(
        superadmin()
            .post(
                "v1/platform/providers", providerBody(slug(), family, endpoint).build().toString()),
        providers);
  }

  private String deployment(String slug) {
    return created(
        superadmin().post("v1/platform/deployments", deploymentBody(slug).build().toString()),
        deployments);
  }

  /** A profile binding the built-in embeddings and {@code llmProvider} without models. */
  private String deploymentWithLlm(String slug, String llmProvider) throws Exception {
    String builtin = providerBySlug(BUILTIN_PROVIDER).getString("id");
    String builtinModel = builtinModelId();
    return created(
        superadmin()
            .post(
                "v1/platform/deployments",
                deploymentBody(
                        slug,
                        binding("embeddings", builtin, List.of(builtinModel), builtinModel),
                        binding("llm_inference", llmProvider, List.of(), null))
                    .build()
                    .toString()),
        deployments);
  }

  private JsonObject providerBySlug(String slug) {
    return superadmin().get("v1/platform/providers").json().getJsonArray("providers").stream()
        .map(JsonValue::asJsonObject)
        .filter(p -> slug.equals(p.getString("slug")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no provider " + slug));
  }

  private JsonObject deploymentBySlug(String slug) {
    return superadmin().get("v1/platform/deployments").json().getJsonArray("deployments").stream()
        .map(JsonValue::asJsonObject)
        .filter(d -> slug.equals(d.getString("slug")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no deployment " + slug));
  }

  private static JsonObject binding(JsonObject deployment, String capability) {
    return deployment.getJsonArray("bindings").getValuesAs(JsonObject.class).stream()
        .filter(b -> capability.equals(b.getString("capability")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + capability + " binding in " + deployment));
  }

  private String activeSlug() {
    return http.get("v1/runtime/profile")
        .json()
        .getJsonObject("active_deployment")
        .getString("slug");
  }

  private List<JsonObject> audit() {
    return superadmin()
        .get("v1/platform/activation-audit?limit=200")
        .json()
        .getJsonArray("events")
        .getValuesAs(JsonObject.class);
  }

  private JsonObject latestAuditOf(String deploymentId) {
    return audit().stream()
        .filter(e -> deploymentId.equals(e.getString("deployment_id", null)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no audit row of " + deploymentId));
  }

  private String superadminUserId() {
    return superadmin().get("users/me").json().getString("id");
  }

  private static Map<String, JsonObject> byKey(List<JsonObject> items, String key) {
    return items.stream().collect(Collectors.toMap(i -> i.getString(key), Function.identity()));
  }

  private static String builtinModelId() throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement q =
            c.prepareStatement("select id from managed_models where model_key = ?")) {
      q.setString(1, BUILTIN_MODEL);
      try (ResultSet r = q.executeQuery()) {
        assertTrue(r.next(), "no built-in model");
        return r.getString(1);
      }
    }
  }

  /**
   * A managed model made in SQL, as ModelOps would leave it: {@code bindable} means active with a
   * current, successful validation; otherwise it is only registered. Its key is {@code
   * it-model-<id>} and its provider model id {@code upstream-<id>}.
   */
  private String insertModel(String capability, boolean bindable) throws Exception {
    String id = UUID.randomUUID().toString();
    try (Connection c = TestDatabase.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into managed_models (id, model_key, display_name, capability,"
                    + " provider_model_id, status, is_validation_current, last_validation_status,"
                    + " version, created_at, updated_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
      Timestamp now = Timestamp.from(Instant.now());
      insert.setObject(1, UUID.fromString(id));
      insert.setString(2, "it-model-" + id);
      insert.setString(3, "IT model " + id);
      insert.setString(4, capability);
      insert.setString(5, "upstream-" + id);
      insert.setString(6, bindable ? "active" : "registered");
      insert.setBoolean(7, bindable);
      insert.setString(8, bindable ? "success" : null);
      insert.setTimestamp(9, now);
      insert.setTimestamp(10, now);
      insert.executeUpdate();
    }
    models.add(id);
    return id;
  }

  /** Puts the model on a provider (or on none), as ModelOps records where it was validated. */
  private static void setModelProvider(String modelId, String providerId) throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement update =
            c.prepareStatement("update managed_models set provider_id = ? where id = ?")) {
      update.setObject(1, providerId == null ? null : UUID.fromString(providerId));
      update.setObject(2, UUID.fromString(modelId));
      update.executeUpdate();
    }
  }

  private static boolean validationCurrent(String modelId) throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement q =
            c.prepareStatement("select is_validation_current from managed_models where id = ?")) {
      q.setObject(1, UUID.fromString(modelId));
      try (ResultSet r = q.executeQuery()) {
        assertTrue(r.next());
        return r.getBoolean(1);
      }
    }
  }
}
