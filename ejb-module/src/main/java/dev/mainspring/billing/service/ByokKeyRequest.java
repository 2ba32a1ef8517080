package dev.mainspring.billing.service;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * A user's own provider key to store, or to test without storing: {@code apiKey} required to store;
 * {@code baseUrl} the provider's OpenAI-compatible API root, OpenRouter's when left out.
 */
public record ByokKeyRequest(String apiKey, String baseUrl) {

  /**
   * The request of an optional JSON body (a key test may come without one): null for an empty body;
   * 400 {@code invalid_json} for a body that is no JSON object, {@code invalid_api_key} or {@code
   * invalid_base_url} for a member that is no string.
   */
  public static ByokKeyRequest parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    JsonObject object;
    try (var reader = Jsons.reader(body)) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new InvalidRequestException("invalid_json", "the body must be a JSON object");
      }
      object = value.asJsonObject();
    } catch (JsonException e) {
      throw new InvalidRequestException("invalid_json", "the body is not valid JSON");
    }
    return new ByokKeyRequest(
        string(object, "api_key", "invalid_api_key"),
        string(object, "base_url", "invalid_base_url"));
  }

  private static String string(JsonObject object, String member, String code) {
    JsonValue value = object.get(member);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString text) {
      return text.getString();
    }
    throw new InvalidRequestException(code, member + " must be a string");
  }

  @Override
  public String toString() {
    return "ByokKeyRequest[baseUrl=" + baseUrl + "]";
  }
}
