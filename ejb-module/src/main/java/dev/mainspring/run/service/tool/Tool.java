package dev.mainspring.run.service.tool;

import jakarta.json.JsonObject;

/**
 * Something an agent run may call. Built-in tools are CDI beans of the application; MCP and sandbox
 * tools come through the same interface.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class CurrentTimeTool implements Tool { ... }   // found by ToolRegistry
 * }</pre>
 */
public interface Tool {

  /** The name the model calls it by: letters, digits, {@code _} and {@code -}. */
  String name();

  /** What it does, for the model. */
  String description();

  /** The JSON Schema of its arguments. */
  JsonObject parameters();

  /**
   * Whether running it twice with the same arguments does no harm. After a crash, a call that had
   * started and not recorded its result is run again only when its tool is idempotent; otherwise
   * the run fails that step rather than risk doing it twice.
   */
  boolean idempotent();

  /**
   * Runs the call. Called with no transaction open; may take its time, and should answer promptly
   * to {@link Thread#interrupt()} (a stopped run).
   *
   * @return what the model is told, as text (often JSON)
   * @throws ToolException when the call cannot be done; its message is told to the model
   */
  String call(ToolContext context, JsonObject arguments);
}
