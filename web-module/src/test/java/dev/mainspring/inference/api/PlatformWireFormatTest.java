package dev.mainspring.inference.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mainspring.inference.service.deployment.BindingView;
import dev.mainspring.inference.service.deployment.DeploymentView;
import dev.mainspring.inference.service.provider.ProviderConfig;
import dev.mainspring.inference.service.provider.ProviderView;
import dev.mainspring.platform.api.JsonConfig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The control plane's views on the wire: document C's member names, in document order. */
class PlatformWireFormatTest {

  private static final UUID ID = UUID.fromString("0190f0a0-0000-7000-8000-000000000001");

  @Test
  void deploymentWritesIsActiveAndItsMembersInOrder() {
    BindingView binding =
        new BindingView(
            "embeddings",
            new BindingView.Provider(
                ID, "builtin", "Built-in", "builtin_embeddings", "local", true),
            "local",
            List.of(
                new BindingView.Resource(
                    ID,
                    "managed_model",
                    "all-minilm-l6-v2",
                    null,
                    "MiniLM",
                    "all-minilm-l6-v2",
                    "all-minilm-l6-v2")),
            ID,
            null,
            new BindingView.ResourcePolicy("listed"),
            "ready");
    DeploymentView deployment =
        new DeploymentView(
            ID,
            "local-default",
            "Local default",
            null,
            true,
            Instant.EPOCH,
            "incomplete",
            List.of("llm_inference"),
            List.of(binding),
            3,
            Instant.EPOCH,
            Instant.EPOCH);

    JsonObject json = parse(JsonConfig.create().toJson(deployment));

    assertEquals(
        List.of(
            "id",
            "slug",
            "display_name",
            "description",
            "is_active",
            "activated_at",
            "configuration_status",
            "missing_capabilities",
            "bindings",
            "version",
            "created_at",
            "updated_at"),
        List.copyOf(json.keySet()));
    assertEquals(
        List.of(
            "capability",
            "provider",
            "provider_origin",
            "resources",
            "default_resource_id",
            "default_resource",
            "resource_policy",
            "configuration_status"),
        List.copyOf(json.getJsonArray("bindings").getJsonObject(0).keySet()));
    assertEquals(
        List.of(
            "id",
            "ref_type",
            "model_id",
            "knowledge_base_id",
            "display_name",
            "provider_model_id",
            "provider_resource_id"),
        List.copyOf(
            json.getJsonArray("bindings")
                .getJsonObject(0)
                .getJsonArray("resources")
                .getJsonObject(0)
                .keySet()));
  }

  @Test
  void providerWritesSecretRefsAndConfigInSnakeCase() {
    ProviderView provider =
        new ProviderView(
            ID,
            "cloud",
            "Cloud",
            null,
            "openai_compatible_cloud_llm",
            "llm_inference",
            "cloud",
            "https://api.example.test/v1",
            Map.of("api_key", "modelops://credential/" + ID),
            true,
            ProviderConfig.DEFAULTS,
            null,
            1,
            Instant.EPOCH,
            Instant.EPOCH);

    JsonObject json = parse(JsonConfig.create().toJson(provider));

    assertEquals(
        "modelops://credential/" + ID, json.getJsonObject("secret_refs").getString("api_key"));
    assertEquals(
        List.of(
            "connect_timeout_ms",
            "first_token_timeout_ms",
            "idle_timeout_ms",
            "max_retries",
            "max_concurrency",
            "breaker_failure_threshold",
            "breaker_open_ms"),
        List.copyOf(json.getJsonObject("config").keySet()));
    assertEquals("provider_key", List.copyOf(json.keySet()).get(4));
  }

  private static JsonObject parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }
}
