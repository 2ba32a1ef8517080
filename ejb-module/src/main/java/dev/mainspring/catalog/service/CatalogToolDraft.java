package dev.mainspring.catalog.service;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.util.Set;

/**
 * A catalog tool's typed content, as the catalog API takes it and its registry versions store it.
 * As document C's first convergence phase constrains them: {@code transport} is {@code mcp} or
 * {@code sandbox_http}, and {@code connection_profile_ref} is {@code default}.
 *
 * @param name shown to users
 * @param description what the tool does, told to the model
 * @param transport {@code mcp} (through the MCP gateway runtime) or {@code sandbox_http} (through
 *     the sandbox runtime)
 * @param connectionProfileRef {@code default}
 * @param toolName the tool's name at its runtime
 * @param inputSchema the JSON schema of its arguments (an object schema)
 * @param onlineOnly whether it works only when the runtime profile is online
 * @param status {@code active} or {@code inactive}
 */
public record CatalogToolDraft(
    String name,
    String description,
    String transport,
    String connectionProfileRef,
    String toolName,
    JsonObject inputSchema,
    boolean onlineOnly,
    String status) {

  static final Set<String> TRANSPORTS = Set.of("mcp", "sandbox_http");
  static final String DEFAULT_PROFILE = "default";

  /** Reads and checks a request body or a stored spec. */
  public static CatalogToolDraft of(JsonObject body) {
    String name = CatalogSpecs.string(body, "name", 200, true);
    String description = CatalogSpecs.string(body, "description", 10_000, false);
    String transport = CatalogSpecs.string(body, "transport", 32, true);
    if (!TRANSPORTS.contains(transport)) {
      throw new InvalidRequestException(
          "invalid_transport", "transport is mcp or sandbox_http in this phase");
    }
    String profile = CatalogSpecs.string(body, "connection_profile_ref", 200, false);
    if (profile == null) {
      profile = DEFAULT_PROFILE;
    }
    if (!DEFAULT_PROFILE.equals(profile)) {
      throw new InvalidRequestException(
          "invalid_connection_profile_ref", "connection_profile_ref must be default in this phase");
    }
    String toolName = CatalogSpecs.string(body, "tool_name", 200, true);
    JsonObject schema = CatalogSpecs.object(body, "input_schema", false);
    if (schema == null) {
      schema = Jsons.object().add("type", "object").build();
    }
    if (!(schema.get("type") instanceof JsonString type) || !"object".equals(type.getString())) {
      throw new InvalidRequestException(
          "invalid_input_schema", "input_schema must be a JSON schema of type object");
    }
    Boolean online = CatalogSpecs.bool(body, "online_only");
    return new CatalogToolDraft(
        name,
        description,
        transport,
        profile,
        toolName,
        schema,
        online != null && online,
        CatalogSpecs.status(body));
  }

  /** The spec a registry version stores. */
  public JsonObject toSpec() {
    JsonObjectBuilder spec = Jsons.object().add("name", name);
    if (description != null) {
      spec.add("description", description);
    }
    return spec.add("transport", transport)
        .add("connection_profile_ref", connectionProfileRef)
        .add("tool_name", toolName)
        .add("input_schema", inputSchema)
        .add("online_only", onlineOnly)
        .add("status", status)
        .build();
  }

  /** The capability whose runtime calls the tool. */
  String capability() {
    return "mcp".equals(transport) ? "mcp_runtime" : "sandbox_execution";
  }
}
