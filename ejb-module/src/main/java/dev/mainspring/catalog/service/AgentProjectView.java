package dev.mainspring.catalog.service;

import dev.mainspring.catalog.model.AgentProject;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** An agent project; {@code version} is its entity tag. */
public record AgentProjectView(
    UUID id,
    UUID ownerUserId,
    String name,
    String description,
    JsonObject workflowDefinition,
    JsonObject toolPolicy,
    String status,
    String publishedAgentId,
    Integer publishedVersion,
    Instant publishedAt,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  static AgentProjectView of(AgentProject project) {
    return new AgentProjectView(
        project.getId(),
        project.getOwnerUserId(),
        project.getName(),
        project.getDescription(),
        Jsons.reader(project.getWorkflowDefinition()).readObject(),
        Jsons.reader(project.getToolPolicy()).readObject(),
        project.getStatus(),
        project.getPublishedRef(),
        project.getPublishedVersion(),
        project.getPublishedAt(),
        project.getCreatedAt(),
        project.getUpdatedAt(),
        project.getVersion());
  }
}
