/**
 * Agents (issue 14): an organization's agents and their immutable versions, which runs record. Owns
 * the {@code agents} and {@code agent_versions} tables. {@link
 * dev.mainspring.agent.model.AgentSpec} holds the rules a version must keep (limits, tool names,
 * the approval subset); {@link dev.mainspring.agent.model.Agent} the versioning and who may change
 * or delete an agent.
 */
package dev.mainspring.agent.model;
