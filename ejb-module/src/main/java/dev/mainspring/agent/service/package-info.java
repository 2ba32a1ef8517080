/**
 * Agent use cases: an organization's agents through {@code /api/agents} ({@link
 * dev.mainspring.agent.service.AgentService}), and for the run engine the agent version a run runs
 * ({@link dev.mainspring.agent.service.AgentService#resolveForRun}), the organization's default
 * agent made at its first use.
 */
package dev.mainspring.agent.service;
