package dev.mainspring.project.service;

import dev.mainspring.platform.error.PreconditionFailedException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import dev.mainspring.project.model.Project;
import dev.mainspring.project.model.ProjectRepository;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.UUID;

@Stateless
public class DefaultProjectService implements ProjectService {

  @Inject ProjectRepository projects;

  @Override
  public ProjectView create(CreateProject request) {
    Project project = Project.create(request.name(), request.description());
    projects.add(project);
    projects.flush();
    return ProjectView.of(project);
  }

  @Override
  public ProjectView get(UUID id) {
    return ProjectView.of(projects.get(id));
  }

  @Override
  public Page<ProjectView> list(PageRequest page) {
    return Page.of(projects.list(page.after(), page.limit()), ProjectView::of);
  }

  @Override
  public ProjectView update(UUID id, UpdateProject changes, Long expectedVersion) {
    Project project = projects.get(id);
    checkVersion(project, expectedVersion);
    if (changes.name() != null) {
      project.rename(changes.name());
    }
    if (changes.description() != null) {
      project.describe(changes.description().isEmpty() ? null : changes.description());
    }
    projects.flush();
    return ProjectView.of(project);
  }

  @Override
  public void delete(UUID id, Long expectedVersion) {
    Project project = projects.get(id);
    checkVersion(project, expectedVersion);
    projects.remove(project);
    projects.flush();
  }

  static void checkVersion(Project project, Long expectedVersion) {
    if (expectedVersion != null && expectedVersion != project.getVersion()) {
      throw new PreconditionFailedException(
          "project "
              + project.getId()
              + " is at version "
              + project.getVersion()
              + ", not "
              + expectedVersion);
    }
  }
}
