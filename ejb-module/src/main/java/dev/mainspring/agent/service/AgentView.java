package dev.mainspring.agent.service;

import dev.mainspring.agent.model.Agent;
import dev.mainspring.agent.model.AgentVersion;
import java.time.Instant;
import java.util.UUID;

/**
 * An agent with its current version, as services hand it out; {@code current.version()} is also the
 * agent's entity tag. {@code catalogRef} names the catalog agent it mirrors, if it does.
 */
public record AgentView(
    UUID id,
    boolean isDefault,
    UUID createdBy,
    Instant createdAt,
    Instant updatedAt,
    AgentRevisionView current,
    String catalogRef) {

  static AgentView of(Agent agent, AgentVersion current) {
    return new AgentView(
        agent.getId(),
        agent.isDefault(),
        agent.getCreatedBy(),
        agent.getCreatedAt(),
        agent.getUpdatedAt(),
        AgentRevisionView.of(current),
        agent.getCatalogRef());
  }
}
