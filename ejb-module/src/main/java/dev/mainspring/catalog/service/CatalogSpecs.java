package dev.mainspring.catalog.service;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Reading the members of catalog and registry specs, each wrong one a 400 with a stable code. */
final class CatalogSpecs {

  /** A catalog agent's reference: {@code agent.} and a lower-case name. */
  static final Pattern AGENT_REF = Pattern.compile("agent\\.[a-z0-9][a-z0-9_.-]{0,190}");

  /** A catalog tool's reference: {@code tool.} and a lower-case name. */
  static final Pattern TOOL_REF = Pattern.compile("tool\\.[a-z0-9][a-z0-9_.-]{0,190}");

  /** A registry model's id. */
  static final Pattern MODEL_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}");

  private CatalogSpecs() {}

  static String string(JsonObject body, String name, int max, boolean required) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      if (required) {
        throw new InvalidRequestException(name + "_required", name + " is required");
      }
      return null;
    }
    if (!(value instanceof JsonString s)) {
      throw new InvalidRequestException("invalid_" + name, name + " must be a string");
    }
    String text = s.getString();
    if ((required && text.isBlank()) || text.length() > max) {
      throw new InvalidRequestException(
          "invalid_" + name,
          name + " must be " + (required ? "1" : "0") + " to " + max + " characters");
    }
    return text;
  }

  static Double number(JsonObject body, String name, double min, double max) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonNumber n) || n.doubleValue() < min || n.doubleValue() > max) {
      throw new InvalidRequestException(
          "invalid_" + name, name + " must be a number from " + min + " to " + max);
    }
    return n.doubleValue();
  }

  static Integer integer(JsonObject body, String name, int min, int max) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonNumber n)
        || !n.isIntegral()
        || n.longValue() < min
        || n.longValue() > max) {
      throw new InvalidRequestException(
          "invalid_" + name, name + " must be a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  static Boolean bool(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw new InvalidRequestException("invalid_" + name, name + " must be true or false");
  }

  /** Distinct strings matching {@code pattern}, order kept; empty when absent. */
  static List<String> refs(JsonObject body, String name, Pattern pattern, int max) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > max) {
      throw new InvalidRequestException(
          "invalid_" + name, name + " must be an array of at most " + max + " names");
    }
    LinkedHashSet<String> refs = new LinkedHashSet<>();
    for (JsonValue item : array) {
      if (!(item instanceof JsonString s) || !pattern.matcher(s.getString()).matches()) {
        throw new InvalidRequestException(
            "invalid_" + name, name + " holds names like " + pattern.pattern());
      }
      refs.add(s.getString());
    }
    return new ArrayList<>(refs);
  }

  static JsonObject object(JsonObject body, String name, boolean required) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      if (required) {
        throw new InvalidRequestException(name + "_required", name + " is required");
      }
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw new InvalidRequestException("invalid_" + name, name + " must be a JSON object");
    }
    return object;
  }

  static String status(JsonObject body) {
    String status = string(body, "status", 16, false);
    if (status == null) {
      return "active";
    }
    if (!"active".equals(status) && !"inactive".equals(status)) {
      throw new InvalidRequestException("invalid_status", "status is active or inactive");
    }
    return status;
  }

  static String ref(JsonObject body, Pattern pattern, String kind) {
    String ref = string(body, "id", 200, true);
    if (!pattern.matcher(ref).matches()) {
      throw new InvalidRequestException(
          "invalid_id", "a catalog " + kind + "'s id looks like " + kind + ".my_" + kind);
    }
    return ref;
  }
}
