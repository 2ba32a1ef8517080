package dev.mainspring.agent.api;

import dev.mainspring.agent.service.AgentRevisionView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One version of an agent on the wire; {@code created_by} made this version. */
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
  "createdBy",
  "createdAt"
})
public record AgentVersionResponse(
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

  static AgentVersionResponse of(AgentRevisionView v) {
    return new AgentVersionResponse(
        v.agentId(),
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
        v.createdBy(),
        v.createdAt());
  }
}
