package dev.mainspring.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.UUID;

/**
 * Configures Mainspring's gateway in front of the stub the way a superadmin does, then makes a
 * caller with an API key, all through the public API:
 *
 * <ol>
 *   <li>the superadmin logs in, saves the stub's API key as a credential, adds the stub as a {@code
 *       vllm_local} provider, adds, registers, validates and activates a chat model served by it,
 *       binds it in a new deployment profile and activates that profile (which deactivates the one
 *       active before);
 *   <li>a new user registers, makes an organization and creates an API key with every scope.
 * </ol>
 *
 * Names carry a random suffix, so the setup can run again on the same server.
 */
final class GatewaySetup {

  private static final String CALLER_PASSWORD = "benchmark passphrase, not a secret";

  private final JsonApi api;

  GatewaySetup(JsonApi api) {
    this.api = api;
  }

  /** The gateway's endpoint for a caller, once the stub at {@code stubBase} is behind it. */
  Endpoint configure(
      URI mainspring, URI stubBase, String stubSecret, String adminEmail, String adminPassword) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String modelKey = "bench-" + suffix;
    JsonApi admin = api.as(login(adminEmail, adminPassword));

    String ref =
        admin
            .post(
                "v1/modelops/credentials",
                Json.createObjectBuilder()
                    .add("name", "bench stub " + suffix)
                    .add("secret", stubSecret)
                    .build())
            .getString("ref");
    String providerId =
        admin
            .post(
                "v1/platform/providers",
                Json.createObjectBuilder()
                    .add("slug", "bench-stub-" + suffix)
                    .add("display_name", "Benchmark stub " + suffix)
                    .add("provider_key", "vllm_local")
                    .add("endpoint_url", stubBase.toString())
                    .add("secret_refs", Json.createObjectBuilder().add("api_key", ref))
                    .add("config", Json.createObjectBuilder().add("max_concurrency", 2000))
                    .build())
            .getString("id");
    String modelId =
        admin
            .post(
                "v1/modelops/models",
                Json.createObjectBuilder()
                    .add("model_id", modelKey)
                    .add("display_name", "Benchmark stub model " + suffix)
                    .add("capability", "llm_inference")
                    .add("provider_id", providerId)
                    .add("provider_model_id", "stub-model")
                    .build())
            .getString("id");
    JsonObject empty = Json.createObjectBuilder().build();
    admin.post("v1/modelops/models/" + modelId + "/register", empty);
    JsonObject validated = admin.post("v1/modelops/models/" + modelId + "/validate", empty);
    if (!"success".equals(validated.getString("status", null))) {
      throw new IllegalStateException("the model did not validate: " + validated);
    }
    admin.post("v1/modelops/models/" + modelId + "/activate", empty);
    String deploymentId =
        admin
            .post(
                "v1/platform/deployments",
                Json.createObjectBuilder()
                    .add("slug", "bench-" + suffix)
                    .add("display_name", "Benchmark " + suffix)
                    .add(
                        "bindings",
                        Json.createArrayBuilder()
                            .add(
                                Json.createObjectBuilder()
                                    .add("capability", "llm_inference")
                                    .add("provider_id", providerId)
                                    .add("resources", Json.createArrayBuilder().add(modelId))
                                    .add("default_resource_id", modelId)))
                    .build())
            .getString("id");
    admin.post("v1/platform/deployments/" + deploymentId + "/activate", empty);

    return new Endpoint(
        "via Mainspring",
        mainspring.resolve("v1/chat/completions"),
        callerApiKey(suffix),
        modelKey);
  }

  /** Registers a user with an organization of their own; returns a new API key of theirs. */
  private String callerApiKey(String suffix) {
    String email = "bench-" + suffix + "@example.test";
    api.post(
        "api/auth/register",
        Json.createObjectBuilder().add("email", email).add("password", CALLER_PASSWORD).build());
    JsonApi caller = api.as(login(email, CALLER_PASSWORD));
    caller.post("api/orgs", Json.createObjectBuilder().add("name", "Benchmark " + suffix).build());
    return caller
        .post(
            "api-keys",
            Json.createObjectBuilder()
                .add("name", "bench")
                .add("scopes", Json.createArrayBuilder().add("*"))
                .build())
        .getString("secret");
  }

  private String login(String email, String password) {
    return api.post(
            "api/auth/login",
            Json.createObjectBuilder().add("email", email).add("password", password).build())
        .getString("access_token");
  }
}
