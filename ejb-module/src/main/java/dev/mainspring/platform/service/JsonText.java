package dev.mainspring.platform.service;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/** Checks on JSON values that PostgreSQL's {@code jsonb} would refuse only when written. */
public final class JsonText {

  private JsonText() {}

  /**
   * Whether a string or a member name anywhere in {@code value} holds U+0000, which {@code jsonb}
   * cannot store (the web tier refuses it in request bodies already, with 400 {@code invalid_text};
   * this is for JSON made elsewhere).
   */
  public static boolean hasNul(JsonValue value) {
    if (value instanceof JsonString s) {
      return s.getString().indexOf('\0') >= 0;
    }
    if (value instanceof JsonObject o) {
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        if (e.getKey().indexOf('\0') >= 0 || hasNul(e.getValue())) {
          return true;
        }
      }
      return false;
    }
    if (value instanceof JsonArray a) {
      for (JsonValue v : a) {
        if (hasNul(v)) {
          return true;
        }
      }
    }
    return false;
  }
}
