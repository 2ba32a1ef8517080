/**
 * Document C's registry, typed catalog, agent projects, agent executions and playgrounds: thin
 * doors onto the one agent model and run engine. A catalog agent runs as an organization's mirror
 * agent ({@code AgentService#mirrorForRun}); an execution is a run; a playground session is a
 * thread.
 */
package dev.mainspring.catalog.service;
