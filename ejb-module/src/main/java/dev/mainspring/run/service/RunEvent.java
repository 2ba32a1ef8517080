package dev.mainspring.run.service;

import dev.mainspring.platform.service.Jsons;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;

/**
 * An event of a run's stream ({@code run:<id>}) before it is stored: its type and data. Streams
 * deliver the data with the type and the sequence added ({@code {"type":"content","content":"..",
 * "sequence":4,"message_id":".."}}).
 *
 * <ul>
 *   <li>{@code status}: the run's status changed ({@code status}; {@code error_code}, {@code error}
 *       when it failed; {@code pending} tool calls when it waits for approval);
 *   <li>{@code content}: text the model produced, a piece at a time, of message {@code message_id}
 *       in step {@code step};
 *   <li>{@code tool_call}: the model called {@code tool} with {@code arguments} ({@code call_id},
 *       {@code needs_approval});
 *   <li>{@code tool_result}: what the call answered ({@code result}, {@code status} {@code done},
 *       {@code failed} or {@code denied});
 *   <li>{@code usage}: the tokens of one model call;
 *   <li>{@code step_restarted}: the run was taken over after its instance stopped, and the model
 *       call of step {@code step} is made again: content of {@code discard_message_ids} will not
 *       become a message;
 *   <li>{@code control}: the last event of a run, {@code signal} {@code END_STREAM} (completed or
 *       stopped) or {@code ERROR} (failed).
 * </ul>
 */
public record RunEvent(String type, JsonObject data) {

  public static final String STATUS = "status";
  public static final String CONTENT = "content";
  public static final String TOOL_CALL = "tool_call";
  public static final String TOOL_RESULT = "tool_result";
  public static final String USAGE = "usage";
  public static final String STEP_RESTARTED = "step_restarted";
  public static final String CONTROL = "control";

  public static final String END_STREAM = "END_STREAM";
  public static final String ERROR = "ERROR";

  static RunEvent status(String status) {
    return new RunEvent(STATUS, Jsons.object().add("status", status).build());
  }

  static RunEvent failed(String code, String message) {
    return new RunEvent(
        STATUS,
        Jsons.object()
            .add("status", "failed")
            .add("error_code", code)
            .add("error", message == null ? "" : message)
            .build());
  }

  static RunEvent content(String text, UUID messageId, int step) {
    return new RunEvent(
        CONTENT,
        Jsons.object()
            .add("content", text)
            .add("message_id", messageId.toString())
            .add("step", step)
            .build());
  }

  static RunEvent toolCall(
      String callId, String tool, JsonValue arguments, int step, boolean needsApproval) {
    return new RunEvent(
        TOOL_CALL,
        Jsons.object()
            .add("call_id", callId)
            .add("tool", tool)
            .add("arguments", arguments)
            .add("step", step)
            .add("needs_approval", needsApproval)
            .build());
  }

  static RunEvent toolResult(String callId, String tool, String result, String status) {
    return new RunEvent(
        TOOL_RESULT,
        Jsons.object()
            .add("call_id", callId)
            .add("tool", tool)
            .add("result", result == null ? "" : result)
            .add("status", status)
            .build());
  }

  static RunEvent usage(int step, long promptTokens, long completionTokens, boolean estimated) {
    return new RunEvent(
        USAGE,
        Jsons.object()
            .add("step", step)
            .add("prompt_tokens", promptTokens)
            .add("completion_tokens", completionTokens)
            .add("estimated", estimated)
            .build());
  }

  static RunEvent stepRestarted(int step, List<String> discardMessageIds) {
    return new RunEvent(
        STEP_RESTARTED,
        Jsons.object()
            .add("step", step)
            .add("discard_message_ids", Json.createArrayBuilder(discardMessageIds))
            .build());
  }

  /** The closing event of a run that ended with {@code status}. */
  static RunEvent control(String status) {
    JsonObjectBuilder data =
        Jsons.object().add("signal", "failed".equals(status) ? ERROR : END_STREAM);
    return new RunEvent(CONTROL, data.add("status", status).build());
  }

  /** Arguments as JSON when they are, else as the string the model sent. */
  static JsonValue arguments(String arguments) {
    try (var reader = Jsons.reader(arguments)) {
      return reader.readValue();
    } catch (RuntimeException notJson) {
      return Json.createValue(arguments);
    }
  }
}
