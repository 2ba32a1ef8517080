package dev.mainspring.conversation.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class MessageContentTest {

  private static JsonValue json(String text) {
    try (var reader = Jsons.reader(text)) {
      return reader.readValue();
    }
  }

  private static String codeOf(Runnable check) {
    return assertThrows(InvalidRequestException.class, check::run).code();
  }

  @Test
  void aPlainStringIsTheTextWithNoParts() {
    JsonObject content = MessageContent.normalize(json("\"hi\""), "user", 100);
    assertEquals("{\"text\":\"hi\",\"parts\":[]}", content.toString());
  }

  @Test
  void toolCallsAndResultsAreKept() {
    JsonObject call =
        MessageContent.normalize(
            json(
                "{\"parts\":[{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"now\","
                    + "\"arguments\":\"{}\"}]}"),
            "assistant",
            1000);
    assertEquals("c1", call.getJsonArray("parts").getJsonObject(0).getString("id"));
    assertEquals("", call.getString("text"));
    MessageContent.normalize(
        json("{\"parts\":[{\"type\":\"tool_result\",\"tool_call_id\":\"c1\",\"content\":{}}]}"),
        "tool",
        1000);
  }

  @Test
  void brokenContentIsRefusedWithAStableCode() {
    assertEquals(
        "invalid_content", codeOf(() -> MessageContent.normalize(json("\"\""), "user", 9)));
    assertEquals("invalid_content", codeOf(() -> MessageContent.normalize(json("[1]"), "user", 9)));
    assertEquals(
        "invalid_content",
        codeOf(() -> MessageContent.normalize(json("{\"text\":\"a\",\"x\":1}"), "user", 99)));
    assertEquals(
        "invalid_content",
        codeOf(
            () ->
                MessageContent.normalize(
                    json("{\"parts\":[{\"type\":\"tool_call\",\"id\":\"c\",\"name\":\"n\"}]}"),
                    "assistant",
                    999)));
    assertEquals(
        "invalid_content", codeOf(() -> MessageContent.normalize(json("\"x\""), "tool", 99)));
    assertEquals(
        "invalid_text", codeOf(() -> MessageContent.normalize(json("\"a\\u0000\""), "user", 99)));
    assertEquals(
        "content_too_large",
        codeOf(() -> MessageContent.normalize(json("\"" + "x".repeat(50) + "\""), "user", 40)));
  }

  @Test
  void onlyTheFourRolesAreAccepted() {
    assertEquals("assistant", MessageContent.role("assistant"));
    assertEquals("invalid_role", codeOf(() -> MessageContent.role("developer")));
    assertEquals("invalid_role", codeOf(() -> MessageContent.role(null)));
  }

  @Test
  void emojisHaveNoSpaces() {
    assertEquals("👍", DefaultMessageService.checkEmoji("👍"));
    assertEquals("invalid_emoji", codeOf(() -> DefaultMessageService.checkEmoji("a b")));
    assertEquals("invalid_emoji", codeOf(() -> DefaultMessageService.checkEmoji("")));
  }
}
