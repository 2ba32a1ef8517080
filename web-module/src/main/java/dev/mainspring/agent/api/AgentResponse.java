package dev.mainspring.agent.api;

import dev.mainspring.agent.service.AgentRevisionView;
import dev.mainspring.agent.service.AgentView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An agent on the wire: its current version's settings, flat, and its own fields. */
@JsonbPropertyOrder({
  "agentId",
  "versionId",
  "version",
  "name",
  "description",
  "instructions",
  "model",
  "temperature",
  "maxTokens",
  "tools",
  "toolsNeedingApproval",
  "stepLimit",
  "isDefault",
  "createdBy",
  "createdAt",
  "updatedAt"
})
public record AgentResponse(
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
    boolean isDefault,
    UUID createdBy,
    Instant createdAt,
    Instant updatedAt) {

  static AgentResponse of(AgentView agent) {
    AgentRevisionView v = agent.current();
    return new AgentResponse(
        agent.id(),
        v.versionId(),
        v.version(),
        v.name(),
        v.description(),
        v.instructions(),
        v.model(),
        v.temperature(),
        v.maxTokens(),
        v.tools(),
        v.toolsNeedingApproval(),
        v.stepLimit(),
        agent.isDefault(),
        agent.createdBy(),
        agent.createdAt(),
        agent.updatedAt());
  }
}
