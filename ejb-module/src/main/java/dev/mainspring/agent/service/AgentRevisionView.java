package dev.mainspring.agent.service;

import dev.mainspring.agent.model.AgentVersion;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One version of an agent as {@code /api/agents/{id}/versions} shows it. */
public record AgentRevisionView(
    UUID agentId,
    UUID versionId,
    int version,
    String name,
    String description,
    String instructions,
    String model,
    Double temperature,
    Integer maxTokens,
    List<String> tools,
    List<String> toolsNeedingApproval,
    int stepLimit,
    UUID createdBy,
    Instant createdAt) {

  static AgentRevisionView of(AgentVersion v) {
    return new AgentRevisionView(
        v.getAgentId(),
        v.getId(),
        v.getVersion(),
        v.getName(),
        v.getDescription(),
        v.getInstructions(),
        v.getModel(),
        v.getTemperature(),
        v.getMaxTokens(),
        v.getTools(),
        v.getToolsNeedingApproval(),
        v.getStepLimit(),
        v.getCreatedBy(),
        v.getCreatedAt());
  }
}
