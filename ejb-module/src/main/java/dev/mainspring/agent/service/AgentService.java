package dev.mainspring.agent.service;

import dev.mainspring.agent.model.AgentSpec;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * Agents of the caller's organization, and the agent version a run runs.
 *
 * <p>Rights: any member reads (API keys need {@code agents:read}); any member creates ({@code
 * agents:write}); changing or deleting an agent takes an admin or the agent's creator, and the
 * default agent only an admin changes and nobody deletes. Every change writes a new version; the
 * version number is the entity tag, and methods that change an agent take the one the caller last
 * saw ({@code null} when it does not care) and fail with 412 when the agent has moved on since.
 *
 * <p>The run engine calls {@link #resolveForRun} and {@link #versionForRun}, which need no HTTP
 * caller: they act for the organization they are given.
 */
public interface AgentService {

  /** The organization's agents, newest first; its default agent is made if it is missing. */
  Page<AgentView> list(@NotNull PageRequest page);

  /** A new agent at version 1; 400 {@code unknown_model} when the caller may not use its model. */
  AgentView create(@NotNull @Valid AgentDraft draft);

  AgentView get(@NotNull UUID id);

  /** The organization's default agent, made at this first use if it is missing. */
  AgentView getDefault();

  /**
   * A new version of the agent. {@code replace}: the draft is the whole new version (members left
   * out take their defaults); otherwise it is merged into the current one.
   */
  AgentView update(
      @NotNull UUID id, @NotNull @Valid AgentDraft changes, boolean replace, Long expectedVersion);

  /**
   * Marks the agent deleted (its versions stay for the runs that ran them); 409 for the default.
   */
  void delete(@NotNull UUID id, Long expectedVersion);

  /** The agent's versions, newest first. */
  Page<AgentRevisionView> versions(@NotNull UUID id, @NotNull PageRequest page);

  /** Version {@code number} of the agent; 404 {@code agent_version_not_found}. */
  AgentRevisionView version(@NotNull UUID id, int number);

  /**
   * The current version of agent {@code agentIdOrNull} of organization {@code orgId}, or of the
   * organization's default agent when it is null (made now if it is missing, once however many runs
   * ask at the same time). 404 {@code agent_not_found} for an agent of another organization or a
   * deleted one. Checks no caller rights: the run engine decided those.
   */
  AgentVersionView resolveForRun(@NotNull UUID orgId, UUID agentIdOrNull);

  /**
   * The id of organization {@code orgId}'s mirror of catalog agent {@code catalogRef}, made now or
   * brought up to {@code catalogVersion} with {@code spec} when it is behind (once however many
   * runs ask at the same time). Checks no caller rights: the catalog decided those.
   */
  UUID mirrorForRun(
      @NotNull UUID orgId, @NotNull String catalogRef, int catalogVersion, @NotNull AgentSpec spec);

  /**
   * The agent version with id {@code versionId} of organization {@code orgId}, even of an agent
   * deleted since: what a run that recorded it goes on with. 404 {@code agent_version_not_found}.
   */
  AgentVersionView versionForRun(@NotNull UUID orgId, @NotNull UUID versionId);
}
