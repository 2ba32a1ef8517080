package dev.mainspring.project.service;

import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * Projects. Methods that change a project take the version the caller last saw ({@code null} when
 * it does not care) and fail with 412 when the project has moved on since.
 */
public interface ProjectService {

  ProjectView create(@NotNull @Valid CreateProject request);

  ProjectView get(@NotNull UUID id);

  Page<ProjectView> list(@NotNull PageRequest page);

  ProjectView update(@NotNull UUID id, @NotNull @Valid UpdateProject changes, Long expectedVersion);

  /** Deletes the project and its threads. */
  void delete(@NotNull UUID id, Long expectedVersion);
}
