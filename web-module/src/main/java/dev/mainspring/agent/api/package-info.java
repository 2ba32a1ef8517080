/** The agents API of issue 14: {@code /api/agents} and their versions. */
package dev.mainspring.agent.api;
