package dev.mainspring.run.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.conversation.service.MessageView;
import dev.mainspring.inference.service.gateway.TokenCounter;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunPromptTest {

  private final TokenCounter counter = new TokenCounter();

  private static MessageView message(String role, String text) {
    return message(role, Jsons.object().add("text", text).add("parts", Jsons.array()).build());
  }

  private static MessageView message(String role, JsonObject content) {
    return new MessageView(
        UUID.randomUUID(),
        UUID.randomUUID(),
        role,
        content,
        new MessageView.Author(UUID.randomUUID(), null, null),
        Instant.now(),
        null,
        0,
        List.of());
  }

  private static MessageView toolCall(String id, String name) {
    return message(
        "assistant",
        Jsons.object()
            .add("text", "")
            .add(
                "parts",
                Jsons.array()
                    .add(
                        Jsons.object()
                            .add("type", "tool_call")
                            .add("id", id)
                            .add("name", name)
                            .add("arguments", Jsons.object().add("q", "x"))))
            .build());
  }

  private static MessageView toolResult(String id, String result) {
    return message("tool", RunSteps.toolMessage(id, result));
  }

  private JsonArray build(List<MessageView> history, Integer window) {
    return RunPrompt.build("Be brief.", history, window, 100, 0, counter::countMessages);
  }

  private static List<String> roles(JsonArray messages) {
    return messages.getValuesAs(JsonObject.class).stream().map(m -> m.getString("role")).toList();
  }

  @Test
  void instructionsLeadAndTheHistoryFollowsInOpenAiFormat() {
    JsonArray messages =
        build(
            List.of(
                message("user", "what time is it?"),
                toolCall("call_1", "current_time"),
                toolResult("call_1", "{\"iso\":\"2026-12-06T10:00:00Z\"}"),
                message("assistant", "Ten o'clock.")),
            null);

    assertEquals(List.of("system", "user", "assistant", "tool", "assistant"), roles(messages));
    assertEquals("Be brief.", messages.getJsonObject(0).getString("content"));
    JsonObject call = messages.getJsonObject(2);
    assertTrue(call.isNull("content"), "a pure tool call has null content, as OpenAI sends it");
    JsonObject function =
        call.getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function");
    assertEquals("current_time", function.getString("name"));
    assertEquals("{\"q\":\"x\"}", function.getString("arguments"), "arguments as a string");
    assertEquals("call_1", messages.getJsonObject(3).getString("tool_call_id"));
  }

  @Test
  void theOldestTurnsAreDroppedFirstAndTheNewestIsKeptWhole() {
    List<MessageView> history = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      history.add(message("user", "question " + i + " " + "word ".repeat(40)));
      history.add(message("assistant", "answer " + i + " " + "word ".repeat(40)));
    }
    history.add(message("user", "the last question"));

    JsonArray messages = build(history, 1200);

    int tokens = counter.countMessages(messages);
    assertTrue(tokens <= 1200 - 100, "fits the window minus the answer's room: " + tokens);
    JsonObject last = messages.getJsonObject(messages.size() - 1);
    assertEquals("the last question", last.getString("content"));
    assertEquals("system", messages.getJsonObject(0).getString("role"));
    assertFalse(messages.toString().contains("question 0 "), "the oldest turn went first");
    assertTrue(messages.toString().contains("question 49 "), "the newest turns stayed");
    assertEquals("user", messages.getJsonObject(1).getString("role"), "whole turns only");
  }

  @Test
  void aNewestTurnLargerThanTheWindowIsStillSentWhole() {
    JsonArray messages = build(List.of(message("user", "word ".repeat(3000))), 500);

    assertEquals(List.of("system", "user"), roles(messages));
  }

  @Test
  void toolCallsWithoutTheirResultAndResultsWithoutTheirCallAreLeftOut() {
    JsonArray messages =
        build(
            List.of(
                message("user", "go"),
                toolCall("call_stopped", "current_time"),
                message("user", "again"),
                toolResult("call_orphan", "late"),
                message("assistant", "done")),
            null);

    assertEquals(List.of("system", "user", "user", "assistant"), roles(messages));
  }
}
