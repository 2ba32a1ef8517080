package dev.mainspring.conversation.service;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * The content of a message: {@code {"text": "...", "parts": [...]}}. A client may send a plain
 * string, which is the text alone. Parts are objects with a {@code type}:
 *
 * <ul>
 *   <li>{@code text}: {@code {"type":"text","text":"..."}};
 *   <li>{@code tool_call}: {@code
 *       {"type":"tool_call","id":"call_1","name":"now","arguments":{...}}} (arguments an object, or
 *       a string as OpenAI sends them);
 *   <li>{@code tool_result}: {@code {"type":"tool_result","tool_call_id":"call_1","content":...}}.
 * </ul>
 *
 * A {@code tool} message carries a tool result. Checked without a database, so a rule breaks with a
 * 400 before anything is written.
 */
public final class MessageContent {

  private static final Set<String> KEYS = Set.of("text", "parts");
  private static final Set<String> PART_TYPES = Set.of("text", "tool_call", "tool_result");

  private MessageContent() {}

  /** The text of a message's content: its {@code text}, or its text parts joined. */
  public static String text(JsonObject content) {
    if (content.get("text") instanceof jakarta.json.JsonString s) {
      return s.getString();
    }
    StringBuilder text = new StringBuilder();
    JsonValue parts = content.get("parts");
    if (parts != null && parts.getValueType() == JsonValue.ValueType.ARRAY) {
      for (JsonValue part : parts.asJsonArray()) {
        if (part instanceof JsonObject p
            && "text".equals(p.getString("type", ""))
            && p.get("text") instanceof jakarta.json.JsonString s) {
          text.append(s.getString());
        }
      }
    }
    return text.toString();
  }

  /** The role, which must be one a message may have; 400 {@code invalid_role} otherwise. */
  public static String role(String role) {
    if (role == null || !dev.mainspring.conversation.model.Message.ROLES.contains(role)) {
      throw new InvalidRequestException(
          "invalid_role", "role must be one of system, user, assistant, tool");
    }
    return role;
  }

  /**
   * The content in its stored form, checked; 400 {@code invalid_content}, {@code invalid_text} (a
   * NUL character) or {@code content_too_large} (more than {@code maxChars} characters of JSON).
   */
  public static JsonObject normalize(JsonValue raw, String role, int maxChars) {
    if (raw == null || raw.getValueType() == JsonValue.ValueType.NULL) {
      throw invalid("content is required: a string or {\"text\",\"parts\"}");
    }
    if (Jsons.hasNul(raw)) {
      throw new InvalidRequestException(
          "invalid_text", "the content contains a NUL character (\\u0000)");
    }
    String text;
    JsonArray parts;
    if (raw instanceof JsonString s) {
      text = s.getString();
      parts = JsonValue.EMPTY_JSON_ARRAY;
    } else if (raw instanceof JsonObject o) {
      for (String key : o.keySet()) {
        if (!KEYS.contains(key)) {
          throw invalid("content has no member " + key + "; it has text and parts");
        }
      }
      JsonValue t = o.get("text");
      if (t == null || t.getValueType() == JsonValue.ValueType.NULL) {
        text = "";
      } else if (t instanceof JsonString ts) {
        text = ts.getString();
      } else {
        throw invalid("content.text must be a string");
      }
      JsonValue p = o.get("parts");
      if (p == null || p.getValueType() == JsonValue.ValueType.NULL) {
        parts = JsonValue.EMPTY_JSON_ARRAY;
      } else if (p instanceof JsonArray pa) {
        parts = checkParts(pa);
      } else {
        throw invalid("content.parts must be an array");
      }
    } else {
      throw invalid("content must be a string or an object {\"text\",\"parts\"}");
    }
    if (text.isEmpty() && parts.isEmpty()) {
      throw invalid("content is empty: give text or parts");
    }
    if ("tool".equals(role) && parts.stream().noneMatch(MessageContent::isToolResult)) {
      throw invalid("a tool message carries a tool_result part");
    }
    JsonObject content = Jsons.object().add("text", text).add("parts", parts).build();
    if (content.toString().length() > maxChars) {
      throw new InvalidRequestException(
          "content_too_large", "a message's content may have at most " + maxChars + " characters");
    }
    return content;
  }

  private static boolean isToolResult(JsonValue part) {
    return part instanceof JsonObject o && "tool_result".equals(o.getString("type", null));
  }

  private static JsonArray checkParts(JsonArray parts) {
    JsonArrayBuilder checked = Jsons.array();
    for (int i = 0; i < parts.size(); i++) {
      if (!(parts.get(i) instanceof JsonObject part)) {
        throw invalid("content.parts[" + i + "] must be an object");
      }
      String type = part.get("type") instanceof JsonString t ? t.getString() : null;
      if (type == null || !PART_TYPES.contains(type)) {
        throw invalid("content.parts[" + i + "].type must be text, tool_call or tool_result");
      }
      switch (type) {
        case "text" -> requireString(part, "text", i);
        case "tool_call" -> {
          requireString(part, "id", i);
          requireString(part, "name", i);
          JsonValue arguments = part.get("arguments");
          if (!(arguments instanceof JsonObject) && !(arguments instanceof JsonString)) {
            throw invalid("content.parts[" + i + "].arguments must be an object or a string");
          }
        }
        default -> {
          requireString(part, "tool_call_id", i);
          if (!part.containsKey("content")) {
            throw invalid("content.parts[" + i + "].content is required");
          }
        }
      }
      checked.add(part);
    }
    return checked.build();
  }

  private static void requireString(JsonObject part, String key, int index) {
    if (!(part.get(key) instanceof JsonString s) || s.getString().isEmpty()) {
      throw invalid("content.parts[" + index + "]." + key + " must be a non-empty string");
    }
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_content", message);
  }
}
