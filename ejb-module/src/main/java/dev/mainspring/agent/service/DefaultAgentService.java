package dev.mainspring.agent.service;

import dev.mainspring.agent.model.Agent;
import dev.mainspring.agent.model.AgentRepository;
import dev.mainspring.agent.model.AgentSpec;
import dev.mainspring.agent.model.AgentVersion;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.inference.service.gateway.Gateway;
import dev.mainspring.inference.service.gateway.GatewayModel;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.error.PreconditionFailedException;
import dev.mainspring.platform.model.Slice;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Agents of the caller's organization (rights: see {@link AgentService}). */
@Stateless
@TenantScoped
public class DefaultAgentService implements AgentService {

  static final String READ = "agents:read";
  static final String WRITE = "agents:write";

  @Inject AgentRepository agents;
  @Inject CurrentCaller currentCaller;
  @Inject TenantSessions sessions;
  @Inject Gateway gateway;

  @Override
  public Page<AgentView> list(PageRequest page) {
    UUID org = currentCaller.require(READ).requireOrg();
    ensureDefault(org);
    Slice<Agent> slice = agents.list(org, page.after(), page.limit());
    Map<UUID, AgentVersion> current =
        agents
            .versionsById(slice.items().stream().map(Agent::getCurrentVersionId).toList())
            .stream()
            .collect(Collectors.toMap(AgentVersion::getId, Function.identity()));
    return Page.of(slice, agent -> AgentView.of(agent, current.get(agent.getCurrentVersionId())));
  }

  @Override
  public AgentView create(AgentDraft draft) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    AgentSpec spec = merge(null, draft);
    checkModel(caller, spec.model());
    Agent.NewAgent made = Agent.create(org, caller.userId(), spec);
    agents.add(made.agent());
    agents.addVersion(made.version());
    return AgentView.of(made.agent(), made.version());
  }

  @Override
  public AgentView get(UUID id) {
    Agent agent = agents.getLive(id, currentCaller.require(READ).requireOrg());
    return AgentView.of(agent, currentVersion(agent));
  }

  @Override
  public AgentView getDefault() {
    Agent agent = ensureDefault(currentCaller.require(READ).requireOrg());
    return AgentView.of(agent, currentVersion(agent));
  }

  @Override
  public AgentView update(UUID id, AgentDraft changes, boolean replace, Long expectedVersion) {
    Caller caller = currentCaller.require(WRITE);
    Agent agent = writable(caller, id, expectedVersion);
    AgentSpec current = currentVersion(agent).spec();
    AgentSpec next = merge(replace ? null : current, changes);
    if (next.model() != null && !next.model().equals(current.model())) {
      checkModel(caller, next.model());
    }
    AgentVersion version = agent.revise(next, caller.userId());
    agents.addVersion(version);
    agents.save(agent);
    return AgentView.of(agent, version);
  }

  @Override
  public void delete(UUID id, Long expectedVersion) {
    Caller caller = currentCaller.require(WRITE);
    Agent agent = writable(caller, id, expectedVersion);
    agent.delete();
    agents.save(agent);
  }

  @Override
  public Page<AgentRevisionView> versions(UUID id, PageRequest page) {
    Agent agent = agents.getLive(id, currentCaller.require(READ).requireOrg());
    return Page.of(
        agents.versions(agent.getId(), page.after(), page.limit()), AgentRevisionView::of);
  }

  @Override
  public AgentRevisionView version(UUID id, int number) {
    Agent agent = agents.getLive(id, currentCaller.require(READ).requireOrg());
    return AgentRevisionView.of(agents.getVersion(agent.getId(), number));
  }

  @Override
  public AgentVersionView resolveForRun(UUID orgId, UUID agentIdOrNull) {
    sessions.bindTo(orgId);
    Agent agent =
        agentIdOrNull == null ? ensureDefault(orgId) : agents.getLive(agentIdOrNull, orgId);
    return AgentVersionView.of(currentVersion(agent));
  }

  @Override
  public AgentVersionView versionForRun(UUID orgId, UUID versionId) {
    sessions.bindTo(orgId);
    return agents
        .findVersion(versionId, orgId)
        .map(AgentVersionView::of)
        .orElseThrow(() -> NotFoundException.of("agent_version", versionId));
  }

  @Override
  public UUID mirrorForRun(UUID orgId, String catalogRef, int catalogVersion, AgentSpec spec) {
    sessions.bindTo(orgId);
    Agent mirror = agents.findMirror(orgId, catalogRef).orElse(null);
    if (mirror == null || mirror.getCatalogVersion() < catalogVersion) {
      // Concurrent first runs of a catalog agent wait for one another here and make one mirror,
      // or one new version of it.
      agents.lockMirrorCreation(orgId, catalogRef);
      mirror = agents.findMirror(orgId, catalogRef).orElse(null);
      if (mirror == null) {
        Agent.NewAgent made = Agent.mirror(orgId, catalogRef, catalogVersion, spec);
        agents.add(made.agent());
        agents.addVersion(made.version());
        mirror = made.agent();
      } else if (mirror.getCatalogVersion() < catalogVersion) {
        AgentVersion next = mirror.follow(catalogVersion, spec);
        agents.addVersion(next);
        agents.save(mirror);
      }
    }
    return mirror.getId();
  }

  /**
   * The organization's default agent; made now when it is missing. The advisory lock makes
   * concurrent first uses wait for one another, so they make one agent; the unique index on the
   * default flag would refuse a second anyway.
   */
  private Agent ensureDefault(UUID org) {
    return agents
        .findDefault(org)
        .orElseGet(
            () -> {
              agents.lockDefaultCreation(org);
              return agents.findDefault(org).orElseGet(() -> createDefault(org));
            });
  }

  private Agent createDefault(UUID org) {
    Agent.NewAgent made = Agent.createDefault(org);
    agents.add(made.agent());
    agents.addVersion(made.version());
    return made.agent();
  }

  private AgentVersion currentVersion(Agent agent) {
    return agents
        .findVersion(agent.getCurrentVersionId(), agent.getOrgId())
        .orElseThrow(() -> NotFoundException.of("agent", agent.getId()));
  }

  /** The live agent {@code id}, which {@code caller} may change, at {@code expectedVersion}. */
  private Agent writable(Caller caller, UUID id, Long expectedVersion) {
    Agent agent = agents.getLive(id, caller.requireOrg());
    if (agent.getCatalogRef() != null) {
      throw new ConflictException(
          "catalog_agent_read_only",
          "this agent mirrors catalog agent "
              + agent.getCatalogRef()
              + "; it changes through /v1/catalog/agents");
    }
    if (!agent.mayBeChangedBy(caller.userId(), caller.isAdmin())) {
      throw agent.isDefault()
          ? new ForbiddenException(
              "admin_required", "only an admin changes the organization's default agent")
          : new ForbiddenException(
              "agent_owner_required", "only the agent's creator or an admin changes it");
    }
    if (expectedVersion != null && expectedVersion != agent.getCurrentVersion()) {
      throw new PreconditionFailedException(
          "agent "
              + agent.getId()
              + " is at version "
              + agent.getCurrentVersion()
              + ", not "
              + expectedVersion);
    }
    return agent;
  }

  /**
   * The spec {@code draft} makes: merged into {@code current}, or from the defaults when {@code
   * current} is null. An empty model, description or instructions clears it.
   */
  static AgentSpec merge(AgentSpec current, AgentDraft draft) {
    AgentSpec base =
        current != null
            ? current
            : new AgentSpec(
                draft.name(),
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                AgentSpec.DEFAULT_STEP_LIMIT);
    return new AgentSpec(
        draft.name() != null ? draft.name() : base.name(),
        cleared(draft.description(), base.description()),
        cleared(draft.instructions(), base.instructions()),
        cleared(draft.model(), base.model()),
        draft.temperature() != null ? draft.temperature() : base.temperature(),
        draft.maxTokens() != null ? draft.maxTokens() : base.maxTokens(),
        draft.tools() != null ? draft.tools() : base.tools(),
        draft.toolsNeedingApproval() != null
            ? draft.toolsNeedingApproval()
            : base.toolsNeedingApproval(),
        draft.stepLimit() != null ? draft.stepLimit() : base.stepLimit());
  }

  private static String cleared(String given, String current) {
    if (given == null) {
      return current;
    }
    return given.isEmpty() ? null : given;
  }

  /**
   * 400 {@code unknown_model} unless {@code model} is a chat model of the active deployment that
   * the caller may use (the gateway's own rule, from its in-memory snapshot: no call leaves the
   * process).
   */
  private void checkModel(Caller caller, String model) {
    if (model == null) {
      return;
    }
    GatewayModel found;
    try {
      found = gateway.availableModel(caller, model);
    } catch (NotFoundException notAvailable) {
      throw unknownModel(model);
    }
    if (!Gateway.LLM.equals(found.capability())) {
      throw unknownModel(model);
    }
  }

  private static InvalidRequestException unknownModel(String model) {
    return new InvalidRequestException(
        "unknown_model",
        "model '"
            + model
            + "' is not a chat model you may use; see GET /api/models/available, or leave it"
            + " out for the deployment's default");
  }
}
