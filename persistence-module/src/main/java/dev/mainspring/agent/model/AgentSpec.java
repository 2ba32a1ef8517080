package dev.mainspring.agent.model;

import dev.mainspring.platform.error.InvalidRequestException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one version of an agent says, checked: every version row is made from a spec, so no version
 * breaks these rules whichever path wrote it. A rule broken is a 400 with a stable code.
 *
 * <pre>{@code
 * AgentSpec spec = new AgentSpec("Researcher", null, "You research.", null, 0.2, 1024,
 *     List.of("time.now", "threads.search"), List.of("threads.search"), 12);
 * }</pre>
 *
 * @param name 1 to {@value #NAME_MAX} characters, not blank
 * @param description optional, at most {@value #DESCRIPTION_MAX} characters
 * @param instructions the system prompt; optional, at most {@value #INSTRUCTIONS_MAX} characters
 * @param model a gateway model key, or null for the deployment's default chat model (whether the
 *     caller may use it is the service's check: it needs the gateway)
 * @param temperature 0 to 2, or null for the model's default
 * @param maxTokens 1 to {@value #MAX_TOKENS_MAX}, or null for the model's default
 * @param tools the tools the agent may call, distinct names of {@link #TOOL_NAME}, at most {@value
 *     #TOOLS_MAX}; order kept, duplicates dropped
 * @param toolsNeedingApproval the subset of {@code tools} whose calls wait for a person's approval
 * @param stepLimit model calls a run may make, 1 to {@value #STEP_LIMIT_MAX}
 */
public record AgentSpec(
    String name,
    String description,
    String instructions,
    String model,
    Double temperature,
    Integer maxTokens,
    List<String> tools,
    List<String> toolsNeedingApproval,
    int stepLimit) {

  public static final int NAME_MAX = 200;
  public static final int DESCRIPTION_MAX = 10_000;
  public static final int INSTRUCTIONS_MAX = 100_000;
  public static final int MODEL_MAX = 200;
  public static final int MAX_TOKENS_MAX = 1_000_000;
  public static final int TOOLS_MAX = 64;
  public static final int DEFAULT_STEP_LIMIT = 10;
  public static final int STEP_LIMIT_MAX = 50;

  /**
   * A tool name: lower case, digits, {@code _ . -}, 1 to 64 characters, starting with a letter.
   * Which tools exist is the run engine's registry's business: it refuses an unknown tool when a
   * run starts, so an agent may name a tool that a later release or an MCP server provides.
   */
  public static final String TOOL_NAME_REGEX = "[a-z][a-z0-9_.-]{0,63}";

  /** {@link #TOOL_NAME_REGEX}, compiled. */
  public static final Pattern TOOL_NAME = Pattern.compile(TOOL_NAME_REGEX);

  /** The default agent's name and instructions, seeded per organization. */
  public static final String DEFAULT_NAME = "Assistant";

  public static final String DEFAULT_INSTRUCTIONS =
      "You are a helpful, precise assistant. Answer the user's request directly and truthfully."
          + " When you are unsure, say so rather than guess. Use the tools you are given when they"
          + " help, and explain briefly what you did. Keep answers as short as the question"
          + " allows, and use Markdown for lists and code.";

  public AgentSpec {
    if (name == null || name.isBlank()) {
      throw invalid("name_required", "an agent needs a name that is not blank");
    }
    if (name.length() > NAME_MAX) {
      throw invalid("invalid_name", "name must be at most " + NAME_MAX + " characters");
    }
    if (description != null && description.length() > DESCRIPTION_MAX) {
      throw invalid(
          "invalid_description", "description must be at most " + DESCRIPTION_MAX + " characters");
    }
    if (instructions != null && instructions.length() > INSTRUCTIONS_MAX) {
      throw invalid(
          "invalid_instructions",
          "instructions must be at most " + INSTRUCTIONS_MAX + " characters");
    }
    if (model != null && (model.isBlank() || model.length() > MODEL_MAX)) {
      throw invalid("unknown_model", "model must be a model key of 1 to " + MODEL_MAX + " chars");
    }
    if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
      throw invalid("invalid_temperature", "temperature must be between 0 and 2");
    }
    if (maxTokens != null && (maxTokens < 1 || maxTokens > MAX_TOKENS_MAX)) {
      throw invalid("invalid_max_tokens", "max_tokens must be between 1 and " + MAX_TOKENS_MAX);
    }
    if (stepLimit < 1 || stepLimit > STEP_LIMIT_MAX) {
      throw invalid("invalid_step_limit", "step_limit must be between 1 and " + STEP_LIMIT_MAX);
    }
    tools = toolNames(tools, "tools");
    toolsNeedingApproval = toolNames(toolsNeedingApproval, "tools_needing_approval");
    for (String tool : toolsNeedingApproval) {
      if (!tools.contains(tool)) {
        throw invalid(
            "approval_tool_not_allowed",
            "tool " + tool + " needs approval but is not among the agent's tools");
      }
    }
  }

  /** The spec of the default agent every organization gets. */
  public static AgentSpec defaultAgent() {
    return new AgentSpec(
        DEFAULT_NAME,
        "The organization's default agent: runs that name no agent use it.",
        DEFAULT_INSTRUCTIONS,
        null,
        null,
        null,
        List.of(),
        List.of(),
        DEFAULT_STEP_LIMIT);
  }

  private static List<String> toolNames(List<String> names, String field) {
    if (names == null) {
      return List.of();
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (String name : names) {
      if (name == null || !TOOL_NAME.matcher(name).matches()) {
        throw invalid(
            "invalid_tool_name",
            field
                + ": "
                + (name == null ? "null" : "'" + name + "'")
                + " is not a tool name (lower case letters, digits, _ . -, at most 64)");
      }
      distinct.add(name);
    }
    if (distinct.size() > TOOLS_MAX) {
      throw invalid("too_many_tools", field + " may name at most " + TOOLS_MAX + " tools");
    }
    return List.copyOf(distinct);
  }

  private static InvalidRequestException invalid(String code, String message) {
    return new InvalidRequestException(code, message);
  }
}
