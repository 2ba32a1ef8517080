package dev.mainspring.catalog.service;

import dev.mainspring.agent.model.AgentSpec;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalog agent's typed content, as the catalog API takes it and as its registry versions store
 * it ({@link #toSpec}). Checked when made: a wrong member is a 400 with a stable code.
 *
 * @param name shown to users
 * @param description optional
 * @param instructions the system prompt
 * @param model a gateway model key, or null for the deployment's default chat model
 * @param temperature 0 to 2, or null
 * @param maxTokens or null
 * @param stepLimit model calls a run may make
 * @param toolRefs catalog tools ({@code tool.*}) the agent may call
 * @param toolsNeedingApproval the subset of {@code toolRefs} that waits for a person's approval
 * @param knowledgeRetrieval whether the agent searches the deployment's bound knowledge bases (the
 *     built-in {@code knowledge_search} capability, as {@code agent.knowledge_chat} does)
 * @param status {@code active} or {@code inactive}: an inactive agent is kept but not run
 */
public record CatalogAgentDraft(
    String name,
    String description,
    String instructions,
    String model,
    Double temperature,
    Integer maxTokens,
    int stepLimit,
    List<String> toolRefs,
    List<String> toolsNeedingApproval,
    boolean knowledgeRetrieval,
    String status) {

  /** The engine's tool that gives an agent knowledge retrieval. */
  static final String KNOWLEDGE_TOOL = "knowledge_search";

  /** Reads and checks a request body or a stored spec. */
  public static CatalogAgentDraft of(JsonObject body) {
    String name = CatalogSpecs.string(body, "name", AgentSpec.NAME_MAX, true);
    String description = CatalogSpecs.string(body, "description", AgentSpec.DESCRIPTION_MAX, false);
    String instructions =
        CatalogSpecs.string(body, "instructions", AgentSpec.INSTRUCTIONS_MAX, false);
    String model = CatalogSpecs.string(body, "model", AgentSpec.MODEL_MAX, false);
    Double temperature = CatalogSpecs.number(body, "temperature", 0, 2);
    Integer maxTokens = CatalogSpecs.integer(body, "max_tokens", 1, AgentSpec.MAX_TOKENS_MAX);
    Integer stepLimit = CatalogSpecs.integer(body, "step_limit", 1, AgentSpec.STEP_LIMIT_MAX);
    List<String> tools =
        CatalogSpecs.refs(body, "tool_refs", CatalogSpecs.TOOL_REF, AgentSpec.TOOLS_MAX);
    List<String> approval =
        CatalogSpecs.refs(
            body, "tools_needing_approval", CatalogSpecs.TOOL_REF, AgentSpec.TOOLS_MAX);
    if (!tools.containsAll(approval)) {
      throw new InvalidRequestException(
          "invalid_tools_needing_approval", "tools_needing_approval must be among tool_refs");
    }
    Boolean knowledge = CatalogSpecs.bool(body, "knowledge_retrieval");
    return new CatalogAgentDraft(
        name,
        description,
        instructions,
        model,
        temperature,
        maxTokens,
        stepLimit == null ? AgentSpec.DEFAULT_STEP_LIMIT : stepLimit,
        tools,
        approval,
        knowledge != null && knowledge,
        CatalogSpecs.status(body));
  }

  /** The spec a registry version stores. */
  public JsonObject toSpec() {
    JsonObjectBuilder spec = Jsons.object().add("name", name);
    if (description != null) {
      spec.add("description", description);
    }
    if (instructions != null) {
      spec.add("instructions", instructions);
    }
    if (model != null) {
      spec.add("model", model);
    }
    if (temperature != null) {
      spec.add("temperature", temperature);
    }
    if (maxTokens != null) {
      spec.add("max_tokens", maxTokens);
    }
    JsonArrayBuilder tools = Jsons.array();
    toolRefs.forEach(tools::add);
    JsonArrayBuilder approval = Jsons.array();
    toolsNeedingApproval.forEach(approval::add);
    return spec.add("step_limit", stepLimit)
        .add("tool_refs", tools)
        .add("tools_needing_approval", approval)
        .add("knowledge_retrieval", knowledgeRetrieval)
        .add("status", status)
        .build();
  }

  /**
   * What the run engine runs: the agent's settings, with knowledge retrieval as the engine's {@code
   * knowledge_search} tool. Catalog tools are called through an MCP or sandbox runtime, which the
   * caller checks for first ({@link CatalogService#resolveForRun}).
   */
  AgentSpec toAgentSpec() {
    List<String> tools = new ArrayList<>();
    if (knowledgeRetrieval) {
      tools.add(KNOWLEDGE_TOOL);
    }
    return new AgentSpec(
        name,
        description,
        instructions,
        model,
        temperature,
        maxTokens,
        tools,
        List.of(),
        stepLimit);
  }
}
