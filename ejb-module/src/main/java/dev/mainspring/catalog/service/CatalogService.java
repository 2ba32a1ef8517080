package dev.mainspring.catalog.service;

import dev.mainspring.agent.model.AgentSpec;
import dev.mainspring.catalog.model.CatalogEntry;
import dev.mainspring.catalog.model.CatalogRepository;
import dev.mainspring.catalog.model.RegistryArtifact;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.error.PreconditionFailedException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Document C's registry and typed catalog.
 *
 * <p>The registry keeps versioned runtime artifacts (models, agents, tools); every write is a new
 * version and no version changes. The catalog is the typed surface over it for agents and tools:
 * every create or update writes a registry version and makes it the entry's current one.
 *
 * <p>Rights: superadmins (with a person's token) write the registry and manage the catalog. A
 * catalog agent is {@code platform} (seeded, like {@code agent.knowledge_chat}: edited or
 * deactivated by publishing a new version, never deleted) or {@code user} (published from an agent
 * project: deleted by its owner or a superadmin). Runs resolve an agent through {@link
 * #resolveForRun}, which lets an organization run the active platform agents and its own user
 * agents, and nothing else.
 */
@Stateless
public class CatalogService {

  @Inject CatalogRepository catalog;
  @Inject CurrentCaller currentCaller;

  // --- registry --------------------------------------------------------------------------------

  /**
   * A new version of registry artifact {@code body.id} of {@code kind} with {@code body.spec}.
   * Agent and tool specs are checked as the catalog checks them; a model's spec is any JSON object.
   */
  public RegistryArtifactView register(String kind, JsonObject body) {
    Caller caller = superadmin();
    Pattern pattern =
        switch (kind) {
          case RegistryArtifact.AGENT -> CatalogSpecs.AGENT_REF;
          case RegistryArtifact.TOOL -> CatalogSpecs.TOOL_REF;
          case RegistryArtifact.MODEL -> CatalogSpecs.MODEL_REF;
          default -> throw new IllegalArgumentException(kind);
        };
    String id = CatalogSpecs.ref(body, pattern, kind);
    JsonObject spec = CatalogSpecs.object(body, "spec", true);
    JsonObject checked =
        switch (kind) {
          case RegistryArtifact.AGENT -> CatalogAgentDraft.of(spec).toSpec();
          case RegistryArtifact.TOOL -> CatalogToolDraft.of(spec).toSpec();
          default -> spec;
        };
    return RegistryArtifactView.of(write(kind, id, checked, caller.userId()));
  }

  /** The artifact's versions, newest first; 404 {@code registry_artifact_not_found}. */
  public List<RegistryArtifactView> versions(String kind, String id) {
    superadmin();
    List<RegistryArtifact> versions = catalog.versions(kind, id);
    if (versions.isEmpty()) {
      throw new NotFoundException(
          "registry_artifact_not_found", "registry " + kind + " " + id + " not found");
    }
    return versions.stream().map(RegistryArtifactView::of).toList();
  }

  private RegistryArtifact write(String kind, String id, JsonObject spec, UUID by) {
    catalog.lockArtifact(kind, id);
    RegistryArtifact artifact =
        new RegistryArtifact(kind, id, catalog.nextVersion(kind, id), spec.toString(), by);
    catalog.addArtifact(artifact);
    return artifact;
  }

  // --- catalog agents --------------------------------------------------------------------------

  /** Every catalog agent, by id. */
  public List<CatalogAgentView> agents() {
    superadmin();
    return catalog.list(RegistryArtifact.AGENT, null, false).stream()
        .map(CatalogAgentView::of)
        .toList();
  }

  /** A new platform agent at version 1; 409 {@code catalog_agent_exists} when the id is taken. */
  public CatalogAgentView createAgent(JsonObject body) {
    Caller caller = superadmin();
    String ref = CatalogSpecs.ref(body, CatalogSpecs.AGENT_REF, RegistryArtifact.AGENT);
    CatalogAgentDraft draft = CatalogAgentDraft.of(body);
    return CatalogAgentView.of(
        create(
            CatalogEntry.platform(RegistryArtifact.AGENT, ref, caller.userId()),
            draft.toSpec(),
            draft.status(),
            caller.userId()));
  }

  public CatalogAgentView agent(String ref) {
    superadmin();
    return CatalogAgentView.of(catalog.getByRef(RegistryArtifact.AGENT, ref));
  }

  /**
   * A new version of the agent with the whole of {@code body} (an {@code id} in it must be the
   * agent's); {@code expectedVersion} from {@code If-Match}, 412 when the agent moved on.
   */
  public CatalogAgentView updateAgent(String ref, JsonObject body, Integer expectedVersion) {
    Caller caller = superadmin();
    CatalogEntry entry = catalog.getByRef(RegistryArtifact.AGENT, ref);
    sameId(body, ref);
    CatalogAgentDraft draft = CatalogAgentDraft.of(body);
    return CatalogAgentView.of(
        publish(entry, draft.toSpec(), draft.status(), caller.userId(), expectedVersion));
  }

  /**
   * Deletes a user agent (its owner or a superadmin); 409 {@code platform_agent_not_deletable} for
   * a platform agent. Its registry versions stay.
   */
  public void deleteAgent(String ref) {
    Caller caller = currentCaller.get();
    caller.requireUser();
    CatalogEntry entry = catalog.getByRef(RegistryArtifact.AGENT, ref);
    if (!caller.superadmin() && !entry.isPlatform() && !entry.getOrgId().equals(caller.orgId())) {
      // another organization's agent: as if it did not exist
      throw new NotFoundException("catalog_agent_not_found", "catalog agent " + ref + " not found");
    }
    boolean owner = caller.userId().equals(entry.getOwnerUserId()) && !entry.isPlatform();
    if (!caller.superadmin() && !owner) {
      throw new ForbiddenException(
          "catalog_owner_required", "only the agent's owner or a superadmin deletes it");
    }
    if (entry.isPlatform()) {
      throw new ConflictException(
          "platform_agent_not_deletable",
          "a platform agent cannot be deleted; deactivate it by publishing an inactive version");
    }
    catalog.remove(entry);
  }

  /** Checks the agent's current version against the catalog and the runtime. */
  public ValidationView validateAgent(String ref) {
    superadmin();
    CatalogEntry entry = catalog.getByRef(RegistryArtifact.AGENT, ref);
    return validate(entry, CatalogAgentView.draft(entry));
  }

  private ValidationView validate(CatalogEntry entry, CatalogAgentDraft draft) {
    List<ValidationView.Finding> errors = new ArrayList<>();
    List<ValidationView.Finding> warnings = new ArrayList<>();
    for (String toolRef : draft.toolRefs()) {
      CatalogEntry tool = catalog.findByRef(RegistryArtifact.TOOL, toolRef).orElse(null);
      if (tool == null) {
        errors.add(
            new ValidationView.Finding(
                "tool_refs", "unknown_tool", "catalog tool " + toolRef + " does not exist"));
      } else if (!tool.isActive()) {
        errors.add(
            new ValidationView.Finding(
                "tool_refs", "inactive_tool", "catalog tool " + toolRef + " is inactive"));
      } else {
        warnings.add(runtimeWarning(toolRef, CatalogToolView.draft(tool)));
      }
    }
    if (!entry.isActive()) {
      warnings.add(
          new ValidationView.Finding(
              "status", "inactive", "the agent is inactive: executions refuse it"));
    }
    return new ValidationView(
        entry.getRef(), entry.getCurrentVersion(), errors.isEmpty(), errors, warnings);
  }

  private static ValidationView.Finding runtimeWarning(String ref, CatalogToolDraft tool) {
    return new ValidationView.Finding(
        "transport",
        "runtime_unavailable",
        "tool "
            + ref
            + " is called through the "
            + tool.capability()
            + " capability, which no provider family serves in this release: runs cannot call"
            + " it yet");
  }

  // --- catalog tools ---------------------------------------------------------------------------

  public List<CatalogToolView> tools() {
    superadmin();
    return catalog.list(RegistryArtifact.TOOL, null, false).stream()
        .map(CatalogToolView::of)
        .toList();
  }

  public CatalogToolView createTool(JsonObject body) {
    Caller caller = superadmin();
    String ref = CatalogSpecs.ref(body, CatalogSpecs.TOOL_REF, RegistryArtifact.TOOL);
    CatalogToolDraft draft = CatalogToolDraft.of(body);
    return CatalogToolView.of(
        create(
            CatalogEntry.platform(RegistryArtifact.TOOL, ref, caller.userId()),
            draft.toSpec(),
            draft.status(),
            caller.userId()));
  }

  public CatalogToolView tool(String ref) {
    superadmin();
    return CatalogToolView.of(catalog.getByRef(RegistryArtifact.TOOL, ref));
  }

  public CatalogToolView updateTool(String ref, JsonObject body, Integer expectedVersion) {
    Caller caller = superadmin();
    CatalogEntry entry = catalog.getByRef(RegistryArtifact.TOOL, ref);
    sameId(body, ref);
    CatalogToolDraft draft = CatalogToolDraft.of(body);
    return CatalogToolView.of(
        publish(entry, draft.toSpec(), draft.status(), caller.userId(), expectedVersion));
  }

  public ValidationView validateTool(String ref) {
    superadmin();
    CatalogEntry entry = catalog.getByRef(RegistryArtifact.TOOL, ref);
    CatalogToolDraft draft = CatalogToolView.draft(entry);
    List<ValidationView.Finding> warnings = new ArrayList<>();
    warnings.add(runtimeWarning(entry.getRef(), draft));
    if (!entry.isActive()) {
      warnings.add(new ValidationView.Finding("status", "inactive", "the tool is inactive"));
    }
    return new ValidationView(entry.getRef(), entry.getCurrentVersion(), true, List.of(), warnings);
  }

  // --- for projects, executions and playgrounds ------------------------------------------------

  /**
   * Publishes {@code draft} as the next version of user agent {@code ref}, owned by {@code owner}
   * in {@code orgId} (the registry version records {@code publishedBy}), made now if it does not
   * exist yet; 409 {@code catalog_agent_exists} when {@code ref} is another owner's.
   */
  public CatalogAgentView publishUserAgent(
      UUID owner, UUID orgId, UUID publishedBy, String ref, CatalogAgentDraft draft) {
    CatalogEntry entry = catalog.findByRef(RegistryArtifact.AGENT, ref).orElse(null);
    if (entry == null) {
      return CatalogAgentView.of(
          create(
              CatalogEntry.user(RegistryArtifact.AGENT, ref, owner, orgId),
              draft.toSpec(),
              draft.status(),
              publishedBy));
    }
    if (entry.isPlatform() || !orgId.equals(entry.getOrgId())) {
      throw new ConflictException("catalog_agent_exists", "catalog agent " + ref + " exists");
    }
    return CatalogAgentView.of(publish(entry, draft.toSpec(), draft.status(), publishedBy, null));
  }

  /** Whether every tool the draft names exists and is active, as publishing requires. */
  public List<ValidationView.Finding> toolErrors(List<String> toolRefs) {
    List<ValidationView.Finding> errors = new ArrayList<>();
    for (String toolRef : toolRefs) {
      CatalogEntry tool = catalog.findByRef(RegistryArtifact.TOOL, toolRef).orElse(null);
      if (tool == null || !tool.isActive()) {
        errors.add(
            new ValidationView.Finding(
                "tool_policy.allowed_tools",
                "unknown_tool",
                "catalog tool " + toolRef + " does not exist or is inactive"));
      }
    }
    return errors;
  }

  /** A catalog agent as a run of {@code orgId} resolves it. */
  public record RunnableAgent(String ref, int version, AgentSpec spec) {}

  /**
   * The current version of catalog agent {@code ref} for a run of {@code orgId}: 404 {@code
   * catalog_agent_not_found} for an agent the organization may not run (another organization's user
   * agent looks missing), 409 {@code catalog_agent_inactive}, and 409 {@code
   * tool_runtime_unavailable} when it calls catalog tools, whose runtimes no provider family serves
   * yet.
   */
  public RunnableAgent resolveForRun(UUID orgId, String ref) {
    CatalogEntry entry = catalog.findByRef(RegistryArtifact.AGENT, ref).orElse(null);
    if (entry == null || (!entry.isPlatform() && !orgId.equals(entry.getOrgId()))) {
      throw new NotFoundException("catalog_agent_not_found", "catalog agent " + ref + " not found");
    }
    if (!entry.isActive()) {
      throw new ConflictException(
          "catalog_agent_inactive", "catalog agent " + ref + " is inactive");
    }
    CatalogAgentDraft draft = CatalogAgentView.draft(entry);
    if (!draft.toolRefs().isEmpty()) {
      throw new ConflictException(
          "tool_runtime_unavailable",
          "catalog agent "
              + ref
              + " calls catalog tools (MCP or sandbox), whose runtimes are not available in this"
              + " release");
    }
    return new RunnableAgent(ref, entry.getCurrentVersion(), draft.toAgentSpec());
  }

  /** The active catalog agents {@code orgId} may run: the platform ones and its own. */
  public List<CatalogAgentView> runnableAgents(UUID orgId) {
    return catalog.list(RegistryArtifact.AGENT, orgId, true).stream()
        .map(CatalogAgentView::of)
        .toList();
  }

  // --- shared ----------------------------------------------------------------------------------

  private CatalogEntry create(CatalogEntry entry, JsonObject spec, String status, UUID by) {
    if (catalog.findByRef(entry.getKind(), entry.getRef()).isPresent()) {
      throw exists(entry);
    }
    RegistryArtifact artifact = write(entry.getKind(), entry.getRef(), spec, by);
    entry.publish(artifact, status);
    try {
      catalog.add(entry);
    } catch (ConflictException e) {
      throw exists(entry);
    }
    return entry;
  }

  private static ConflictException exists(CatalogEntry entry) {
    return new ConflictException(
        "catalog_" + entry.getKind() + "_exists",
        "catalog " + entry.getKind() + " " + entry.getRef() + " exists already");
  }

  private CatalogEntry publish(
      CatalogEntry entry, JsonObject spec, String status, UUID by, Integer expectedVersion) {
    if (expectedVersion != null && expectedVersion != entry.getCurrentVersion()) {
      throw new PreconditionFailedException(
          "catalog "
              + entry.getKind()
              + " "
              + entry.getRef()
              + " is at version "
              + entry.getCurrentVersion()
              + ", not "
              + expectedVersion);
    }
    RegistryArtifact artifact = write(entry.getKind(), entry.getRef(), spec, by);
    entry.publish(artifact, status);
    catalog.save(entry);
    return entry;
  }

  private static void sameId(JsonObject body, String ref) {
    String id = CatalogSpecs.string(body, "id", 200, false);
    if (id != null && !id.equals(ref)) {
      throw new InvalidRequestException("id_mismatch", "the body's id must be " + ref);
    }
  }

  private Caller superadmin() {
    return currentCaller.get().requireSuperadmin("manages the registry and the catalog");
  }
}
