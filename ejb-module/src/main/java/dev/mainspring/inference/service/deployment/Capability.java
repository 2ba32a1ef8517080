package dev.mainspring.inference.service.deployment;

import java.util.List;
import java.util.Optional;

/**
 * A platform capability of document C: a function that one provider powers per deployment profile.
 * Model-bearing capabilities bind managed models as their resources; a profile is complete only
 * when every required capability is bound.
 *
 * @param key the wire name, such as {@code llm_inference}
 * @param displayName for people
 * @param modelBearing whether bindings list managed models (resources) and a default one
 * @param required whether every deployment profile must bind it to be ready
 */
public record Capability(String key, String displayName, boolean modelBearing, boolean required) {

  public static final String LLM_INFERENCE = "llm_inference";
  public static final String EMBEDDINGS = "embeddings";
  public static final String VECTOR_STORE = "vector_store";

  /** The five capabilities, in the order they are shown. */
  public static final List<Capability> ALL =
      List.of(
          new Capability(LLM_INFERENCE, "LLM inference", true, true),
          new Capability(EMBEDDINGS, "Embeddings", true, true),
          new Capability(VECTOR_STORE, "Vector store", false, false),
          new Capability("mcp_runtime", "MCP runtime", false, false),
          new Capability("sandbox_execution", "Sandbox execution", false, false));

  public static Optional<Capability> find(String key) {
    return ALL.stream().filter(c -> c.key().equals(key)).findFirst();
  }

  /** The capability named {@code key}; an unknown key is a programming error here. */
  public static Capability of(String key) {
    return find(key).orElseThrow(() -> new IllegalArgumentException("no capability " + key));
  }

  /** The keys of the required capabilities, in order. */
  public static List<String> requiredKeys() {
    return ALL.stream().filter(Capability::required).map(Capability::key).toList();
  }
}
