package dev.mainspring.project.api;

import dev.mainspring.project.service.ProjectView;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A project on the wire. */
@JsonbPropertyOrder({"projectId", "name", "description", "createdAt", "updatedAt"})
public record ProjectResponse(
    UUID projectId, String name, String description, Instant createdAt, Instant updatedAt) {

  static ProjectResponse of(ProjectView view) {
    return new ProjectResponse(
        view.id(), view.name(), view.description(), view.createdAt(), view.updatedAt());
  }
}
