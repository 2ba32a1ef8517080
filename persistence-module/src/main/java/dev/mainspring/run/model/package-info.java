/**
 * Agent runs: the {@code agent_runs} queue (status, lease, transcript of finished steps) and the
 * {@code agent_run_tool_calls} each run's model asked for. Owns those tables and the claim function
 * {@code claim_agent_runs}.
 */
package dev.mainspring.run.model;
