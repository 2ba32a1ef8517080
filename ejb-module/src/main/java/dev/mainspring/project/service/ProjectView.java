package dev.mainspring.project.service;

import dev.mainspring.project.model.Project;
import java.time.Instant;
import java.util.UUID;

/** A project as services hand it out; {@code version} is the optimistic-lock version. */
public record ProjectView(
    UUID id, String name, String description, Instant createdAt, Instant updatedAt, long version) {

  static ProjectView of(Project p) {
    return new ProjectView(
        p.getId(),
        p.getName(),
        p.getDescription(),
        p.getCreatedAt(),
        p.getUpdatedAt(),
        p.getVersion());
  }
}
