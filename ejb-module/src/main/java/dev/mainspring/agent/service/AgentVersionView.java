package dev.mainspring.agent.service;

import dev.mainspring.agent.model.AgentVersion;
import java.util.List;
import java.util.UUID;

/**
 * What a run needs of the agent version it runs; the run records {@code versionId}.
 *
 * @param model a gateway model key, or null for the deployment's default chat model
 * @param temperature null for the model's default
 * @param maxTokens null for the model's default
 * @param tools the tool names the agent may call; the run engine refuses names its registry does
 *     not know when the run starts
 * @param toolsNeedingApproval the subset of {@code tools} whose calls wait for approval
 * @param stepLimit the most model calls the run may make
 */
public record AgentVersionView(
    UUID agentId,
    UUID versionId,
    int version,
    String name,
    String instructions,
    String model,
    Double temperature,
    Integer maxTokens,
    List<String> tools,
    List<String> toolsNeedingApproval,
    int stepLimit) {

  static AgentVersionView of(AgentVersion v) {
    return new AgentVersionView(
        v.getAgentId(),
        v.getId(),
        v.getVersion(),
        v.getName(),
        v.getInstructions(),
        v.getModel(),
        v.getTemperature(),
        v.getMaxTokens(),
        v.getTools(),
        v.getToolsNeedingApproval(),
        v.getStepLimit());
  }
}
