package dev.mainspring.flags.service;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A flag set by a superadmin: {@code enabled} is required, {@code description} optional (null when
 * left out).
 */
public record FeatureFlagRequest(Boolean enabled, String description) {

  /**
   * The request in a JSON body, read strictly: {@code enabled} must be JSON {@code true} or {@code
   * false} (a binder would read {@code "yes"} as false and set the flag), {@code description} a
   * string or null. Null for no body.
   *
   * @throws InvalidRequestException 400 {@code invalid_enabled}, {@code invalid_description}
   */
  public static FeatureFlagRequest of(JsonObject body) {
    if (body == null) {
      return null;
    }
    JsonValue enabled = body.get("enabled");
    if (enabled != JsonValue.TRUE && enabled != JsonValue.FALSE) {
      throw new InvalidRequestException("invalid_enabled", "enabled must be true or false");
    }
    JsonValue description = body.get("description");
    if (description != null
        && description != JsonValue.NULL
        && !(description instanceof JsonString)) {
      throw new InvalidRequestException("invalid_description", "description must be a string");
    }
    return new FeatureFlagRequest(
        enabled == JsonValue.TRUE,
        description instanceof JsonString text ? text.getString() : null);
  }
}
