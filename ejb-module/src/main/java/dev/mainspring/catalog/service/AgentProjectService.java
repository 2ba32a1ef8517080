package dev.mainspring.catalog.service;

import dev.mainspring.catalog.model.AgentProject;
import dev.mainspring.catalog.model.AgentProjectRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.error.PreconditionFailedException;
import dev.mainspring.platform.service.Jsons;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Document C's agent projects: the builder's drafts of agents, which publishing compiles into a
 * user agent of the catalog ({@code agent.project.<project id>}), runnable by the project's
 * organization through executions and playgrounds.
 *
 * <p>A project's {@code workflow_definition} is, in this phase, one agent: {@code {"type":
 * "single_agent", "instructions", "model", "temperature", "max_tokens", "step_limit",
 * "knowledge_retrieval"}}; its {@code tool_policy} is {@code {"allowed_tools": [catalog tool ids],
 * "require_approval": [a subset]}}. Saving keeps any draft (checked only as JSON objects), so a
 * builder can save work in progress; {@code validate} says what is wrong, and {@code publish}
 * refuses a project that does not validate.
 *
 * <p>Rights: any member (API keys: {@code agents:write}) creates projects; a project is read and
 * changed by its owner or an organization admin; members list their own projects, admins all.
 */
@Stateless
@TenantScoped
public class AgentProjectService {

  static final String READ = "agents:read";
  static final String WRITE = "agents:write";

  @Inject AgentProjectRepository projects;
  @Inject CurrentCaller currentCaller;
  @Inject CatalogService catalog;

  public Page<AgentProjectView> list(PageRequest page) {
    Caller caller = currentCaller.require(READ);
    UUID org = caller.requireOrg();
    return Page.of(
        projects.list(org, caller.isAdmin() ? null : caller.userId(), page.after(), page.limit()),
        AgentProjectView::of);
  }

  /** A new draft project; 400 for a missing name or members that are not JSON objects. */
  public AgentProjectView create(JsonObject body) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    AgentProject project =
        invalidAsBadRequest(
            () ->
                new AgentProject(
                    org,
                    caller.userId(),
                    CatalogSpecs.string(body, "name", AgentProject.NAME_MAX, true),
                    CatalogSpecs.string(body, "description", AgentProject.DESCRIPTION_MAX, false),
                    jsonOrEmpty(body, "workflow_definition"),
                    jsonOrEmpty(body, "tool_policy")));
    projects.add(project);
    return AgentProjectView.of(project);
  }

  public AgentProjectView get(UUID id) {
    return AgentProjectView.of(readable(currentCaller.require(READ), id));
  }

  /**
   * Replaces what {@code body} names ({@code name}, {@code description}, {@code
   * workflow_definition}, {@code tool_policy}); the rest stays. 412 when {@code expectedVersion} is
   * not the project's.
   */
  public AgentProjectView update(UUID id, JsonObject body, Long expectedVersion) {
    Caller caller = currentCaller.require(WRITE);
    AgentProject project = readable(caller, id);
    if (expectedVersion != null && expectedVersion != project.getVersion()) {
      throw new PreconditionFailedException(
          "agent project " + id + " is at version " + project.getVersion());
    }
    String name =
        body.containsKey("name")
            ? CatalogSpecs.string(body, "name", AgentProject.NAME_MAX, true)
            : project.getName();
    String description =
        body.containsKey("description")
            ? CatalogSpecs.string(body, "description", AgentProject.DESCRIPTION_MAX, false)
            : project.getDescription();
    String workflow =
        body.containsKey("workflow_definition")
            ? jsonOrEmpty(body, "workflow_definition")
            : project.getWorkflowDefinition();
    String policy =
        body.containsKey("tool_policy")
            ? jsonOrEmpty(body, "tool_policy")
            : project.getToolPolicy();
    invalidAsBadRequest(
        () -> {
          project.change(name, description, workflow, policy);
          return project;
        });
    projects.save(project);
    return AgentProjectView.of(project);
  }

  /** What is wrong with the project, if anything, for publishing it. */
  public ValidationView validate(UUID id) {
    AgentProject project = readable(currentCaller.require(READ), id);
    List<ValidationView.Finding> errors = new ArrayList<>();
    compile(project, errors);
    return new ValidationView(
        project.getId().toString(),
        (int) project.getVersion(),
        errors.isEmpty(),
        errors,
        List.of());
  }

  /**
   * Compiles the project into the next version of its catalog agent; 400 {@code
   * agent_project_invalid} (the first error in the message; {@code validate} lists them all).
   */
  public PublishedProjectView publish(UUID id) {
    Caller caller = currentCaller.require(WRITE);
    AgentProject project = readable(caller, id);
    List<ValidationView.Finding> errors = new ArrayList<>();
    CatalogAgentDraft draft = compile(project, errors);
    if (!errors.isEmpty()) {
      ValidationView.Finding first = errors.get(0);
      throw new InvalidRequestException(
          "agent_project_invalid",
          "the project does not validate: " + first.field() + ": " + first.message());
    }
    CatalogAgentView agent =
        catalog.publishUserAgent(
            project.getOwnerUserId(), project.getOrgId(), caller.userId(), refOf(project), draft);
    project.published(agent.id(), agent.version());
    projects.save(project);
    return new PublishedProjectView(AgentProjectView.of(project), agent);
  }

  static String refOf(AgentProject project) {
    return "agent.project." + project.getId();
  }

  /** The catalog agent the project compiles into, or null with {@code errors} saying why. */
  private CatalogAgentDraft compile(AgentProject project, List<ValidationView.Finding> errors) {
    JsonObject workflow = Jsons.reader(project.getWorkflowDefinition()).readObject();
    JsonObject policy = Jsons.reader(project.getToolPolicy()).readObject();
    JsonValue type = workflow.get("type");
    if (type != null && !(type instanceof JsonString s && "single_agent".equals(s.getString()))) {
      errors.add(
          new ValidationView.Finding(
              "workflow_definition.type",
              "unsupported_workflow",
              "only single_agent workflows are published in this phase"));
      return null;
    }
    if (!(workflow.get("instructions") instanceof JsonString instructions)
        || instructions.getString().isBlank()) {
      errors.add(
          new ValidationView.Finding(
              "workflow_definition.instructions",
              "instructions_required",
              "the agent needs instructions"));
      return null;
    }
    var spec =
        Jsons.object().add("name", project.getName()).add("instructions", instructions.getString());
    if (project.getDescription() != null) {
      spec.add("description", project.getDescription());
    }
    for (String member : List.of("model", "temperature", "max_tokens", "step_limit")) {
      if (workflow.containsKey(member)) {
        spec.add(member, workflow.get(member));
      }
    }
    if (workflow.containsKey("knowledge_retrieval")) {
      spec.add("knowledge_retrieval", workflow.get("knowledge_retrieval"));
    }
    if (policy.containsKey("allowed_tools")) {
      spec.add("tool_refs", policy.get("allowed_tools"));
    }
    if (policy.containsKey("require_approval")) {
      spec.add("tools_needing_approval", policy.get("require_approval"));
    }
    CatalogAgentDraft draft;
    try {
      draft = CatalogAgentDraft.of(spec.build());
    } catch (MainspringException e) {
      errors.add(new ValidationView.Finding("workflow_definition", e.code(), e.getMessage()));
      return null;
    }
    errors.addAll(catalog.toolErrors(draft.toolRefs()));
    return draft;
  }

  private AgentProject readable(Caller caller, UUID id) {
    AgentProject project = projects.getInOrg(id, caller.requireOrg());
    if (!caller.isAdmin() && !project.getOwnerUserId().equals(caller.userId())) {
      throw NotFoundException.of("agent_project", id);
    }
    return project;
  }

  private static String jsonOrEmpty(JsonObject body, String name) {
    JsonObject value = CatalogSpecs.object(body, name, false);
    return (value == null ? JsonValue.EMPTY_JSON_OBJECT : value).toString();
  }

  private static <T> T invalidAsBadRequest(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid_agent_project", e.getMessage());
    }
  }
}
