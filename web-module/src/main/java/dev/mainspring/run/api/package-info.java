/**
 * Document E's agent run endpoints ({@code /api/thread/.../agent/...}, {@code /api/agent-run/...}).
 */
package dev.mainspring.run.api;
