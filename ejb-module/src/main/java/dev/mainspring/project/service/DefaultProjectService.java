package dev.mainspring.project.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.platform.error.PreconditionFailedException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import dev.mainspring.project.model.Project;
import dev.mainspring.project.model.ProjectRepository;
import dev.mainspring.realtime.service.WorkspaceEvents;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.UUID;

/** Projects of the caller's organization; any member may read and change them. */
@Stateless
@TenantScoped
public class DefaultProjectService implements ProjectService {

  static final String READ = "projects:read";
  static final String WRITE = "projects:write";

  @Inject ProjectRepository projects;
  @Inject CurrentCaller currentCaller;
  @Inject WorkspaceEvents workspace;

  @Override
  public ProjectView create(CreateProject request) {
    Caller caller = currentCaller.require(WRITE);
    Project project =
        Project.create(caller.requireOrg(), caller.userId(), request.name(), request.description());
    projects.add(project);
    projects.flush();
    changed(project, "project.created");
    return ProjectView.of(project);
  }

  @Override
  public ProjectView get(UUID id) {
    return ProjectView.of(projects.getInOrg(id, currentCaller.require(READ).requireOrg()));
  }

  @Override
  public Page<ProjectView> list(PageRequest page) {
    UUID org = currentCaller.require(READ).requireOrg();
    return Page.of(projects.list(org, page.after(), page.limit()), ProjectView::of);
  }

  @Override
  public ProjectView update(UUID id, UpdateProject changes, Long expectedVersion) {
    Project project = projects.getInOrg(id, currentCaller.require(WRITE).requireOrg());
    checkVersion(project, expectedVersion);
    if (changes.name() != null) {
      project.rename(changes.name());
    }
    if (changes.description() != null) {
      project.describe(changes.description().isEmpty() ? null : changes.description());
    }
    projects.flush();
    changed(project, "project.updated");
    return ProjectView.of(project);
  }

  @Override
  public void delete(UUID id, Long expectedVersion) {
    Project project = projects.getInOrg(id, currentCaller.require(WRITE).requireOrg());
    checkVersion(project, expectedVersion);
    projects.remove(project);
    projects.flush();
    changed(project, "project.deleted");
  }

  /** The workspace event of a change, in its transaction. */
  private void changed(Project project, String type) {
    workspace.append(
        project.getOrgId(),
        type,
        Json.createObjectBuilder()
            .add("project_id", project.getId().toString())
            .add("name", project.getName())
            .add("version", project.getVersion())
            .build());
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
