package dev.mainspring.run.service;

import dev.mainspring.conversation.service.MessageView;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The messages a run's model call is given: the agent's instructions, then the thread's history in
 * OpenAI's chat format, fitted to the model's context window.
 *
 * <p>Fitting: the history is cut into turns (a turn starts at each user message and holds the
 * assistant and tool messages that answer it); while the instructions, the tool definitions, the
 * turns and the room kept for the answer exceed the window, the oldest turn is dropped. The newest
 * turn is always kept, whole: cutting inside it would separate tool calls from their results, which
 * providers refuse, or drop the question being answered; if it alone does not fit, the provider
 * says so and the run fails with its error. Tokens are counted with the cl100k_base encoding (the
 * gateway's {@code TokenCounter}), which is close for most current models; a model without a known
 * window is given {@value #DEFAULT_WINDOW} tokens.
 *
 * <p>Tool calls without a result (a run stopped between the two) and results without their call are
 * left out, since providers refuse both.
 */
final class RunPrompt {

  static final int DEFAULT_WINDOW = 8192;
  static final int DEFAULT_ANSWER_ROOM = 1024;

  private RunPrompt() {}

  /**
   * The messages for a call.
   *
   * @param contextWindow the model's window in tokens, null when unknown
   * @param answerRoom tokens kept for the answer (the agent's max tokens), null for the default
   * @param toolTokens tokens the tool definitions take
   * @param counter counts the prompt tokens of messages
   */
  static JsonArray build(
      String instructions,
      List<MessageView> history,
      Integer contextWindow,
      Integer answerRoom,
      int toolTokens,
      ToIntFunction<JsonArray> counter) {
    List<JsonObject> converted = paired(convert(history));
    List<List<JsonObject>> turns = turns(converted);
    JsonObject system =
        instructions == null || instructions.isBlank()
            ? null
            : Jsons.object().add("role", "system").add("content", instructions).build();
    int budget =
        (contextWindow == null ? DEFAULT_WINDOW : contextWindow)
            - (answerRoom == null ? DEFAULT_ANSWER_ROOM : answerRoom)
            - toolTokens
            - (system == null ? 0 : counter.applyAsInt(Jsons.array().add(system).build()));
    int[] costs = new int[turns.size()];
    int total = 0;
    for (int i = 0; i < turns.size(); i++) {
      JsonArrayBuilder turn = Jsons.array();
      turns.get(i).forEach(turn::add);
      costs[i] = counter.applyAsInt(turn.build());
      total += costs[i];
    }
    int first = 0;
    while (total > budget && first < turns.size() - 1) {
      total -= costs[first];
      first++;
    }
    JsonArrayBuilder messages = Jsons.array();
    if (system != null) {
      messages.add(system);
    }
    for (int i = first; i < turns.size(); i++) {
      turns.get(i).forEach(messages::add);
    }
    return messages.build();
  }

  /** Thread messages in OpenAI's chat format; a tool message gives one message per result. */
  static List<JsonObject> convert(List<MessageView> history) {
    List<JsonObject> converted = new ArrayList<>();
    for (MessageView message : history) {
      JsonObject content = message.content();
      String text = content.getString("text", "");
      JsonArray parts =
          content.get("parts") instanceof JsonArray p ? p : JsonValue.EMPTY_JSON_ARRAY;
      switch (message.role()) {
        case "assistant" -> {
          JsonArrayBuilder calls = Jsons.array();
          boolean any = false;
          for (JsonValue value : parts) {
            if (value instanceof JsonObject part
                && "tool_call".equals(part.getString("type", ""))) {
              JsonValue arguments = part.get("arguments");
              calls.add(
                  Jsons.object()
                      .add("id", part.getString("id"))
                      .add("type", "function")
                      .add(
                          "function",
                          Jsons.object()
                              .add("name", part.getString("name"))
                              .add(
                                  "arguments",
                                  arguments instanceof JsonString s
                                      ? s.getString()
                                      : arguments.toString())));
              any = true;
            }
          }
          JsonObjectBuilder assistant = Jsons.object().add("role", "assistant");
          if (text.isEmpty() && any) {
            assistant.addNull("content");
          } else {
            assistant.add("content", text);
          }
          if (any) {
            assistant.add("tool_calls", calls);
          }
          converted.add(assistant.build());
        }
        case "tool" -> {
          for (JsonValue value : parts) {
            if (value instanceof JsonObject part
                && "tool_result".equals(part.getString("type", ""))) {
              JsonValue result = part.get("content");
              converted.add(
                  Jsons.object()
                      .add("role", "tool")
                      .add("tool_call_id", part.getString("tool_call_id"))
                      .add(
                          "content",
                          result instanceof JsonString s ? s.getString() : String.valueOf(result))
                      .build());
            }
          }
        }
        default ->
            converted.add(Jsons.object().add("role", message.role()).add("content", text).build());
      }
    }
    return converted;
  }

  /**
   * Leaves out tool calls that have no result among the messages following them, and results whose
   * call is not in the assistant message before them.
   */
  static List<JsonObject> paired(List<JsonObject> messages) {
    Set<String> answered = new HashSet<>();
    for (JsonObject m : messages) {
      if ("tool".equals(m.getString("role", ""))) {
        answered.add(m.getString("tool_call_id", ""));
      }
    }
    List<JsonObject> kept = new ArrayList<>();
    Set<String> announced = new HashSet<>();
    for (JsonObject m : messages) {
      String role = m.getString("role", "");
      if ("assistant".equals(role) && m.get("tool_calls") instanceof JsonArray calls) {
        announced.clear();
        JsonArrayBuilder keptCalls = Jsons.array();
        for (JsonValue call : calls) {
          String id = ((JsonObject) call).getString("id");
          if (answered.contains(id)) {
            keptCalls.add(call);
            announced.add(id);
          }
        }
        JsonArray remaining = keptCalls.build();
        JsonObjectBuilder copy = Jsons.object(m).remove("tool_calls");
        if (!remaining.isEmpty()) {
          kept.add(copy.add("tool_calls", remaining).build());
        } else if (m.get("content") instanceof JsonString text && !text.getString().isEmpty()) {
          kept.add(copy.build());
        }
      } else if ("tool".equals(role)) {
        if (announced.contains(m.getString("tool_call_id", ""))) {
          kept.add(m);
        }
      } else {
        announced.clear();
        kept.add(m);
      }
    }
    return kept;
  }

  /** Messages cut into turns, each starting at a user message (the first may not). */
  static List<List<JsonObject>> turns(List<JsonObject> messages) {
    List<List<JsonObject>> turns = new ArrayList<>();
    List<JsonObject> current = new ArrayList<>();
    for (JsonObject m : messages) {
      if ("user".equals(m.getString("role", "")) && !current.isEmpty()) {
        turns.add(current);
        current = new ArrayList<>();
      }
      current.add(m);
    }
    if (!current.isEmpty()) {
      turns.add(current);
    }
    return turns;
  }

  /**
   * The instructions of a plan-only run: the agent's own, then the request to answer with a plan
   * and do nothing yet (no tools are offered either).
   */
  static String planning(String instructions) {
    String plan =
        "Do not carry out the task yet and do not call tools. Answer with the plan you propose:"
            + " numbered steps, each saying what you would do and with which tool, and what you"
            + " need from the user before starting, if anything.";
    return instructions == null || instructions.isBlank() ? plan : instructions + "\n\n" + plan;
  }
}
