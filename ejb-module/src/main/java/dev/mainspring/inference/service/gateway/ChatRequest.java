package dev.mainspring.inference.service.gateway;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to ask a chat model, checked: an OpenAI chat completion request ({@code messages}, an
 * optional {@code model} key and every other member the provider understands, such as {@code
 * tools}, {@code temperature} or {@code response_format}, which pass through unchanged). Providers
 * speak OpenAI's protocol, so this is also the shape of what the gateway sends them, with the model
 * key replaced by the provider's model id.
 *
 * <pre>{@code
 * ChatRequest asked = ChatRequest.parse(body);                       // a client's JSON, or
 * ChatRequest built = ChatRequest.of("my-model", messages, Map.of("max_tokens", max));
 * }</pre>
 *
 * Whether the answer streams is not a property of the request but of the call made with it ({@link
 * Gateway#complete} or {@link Gateway#stream}); {@link #stream()} only reports what a client asked.
 */
public final class ChatRequest {

  private static final List<String> GENERATION_OPTIONS =
      List.of("max_tokens", "temperature", "top_p", "stop");

  private final JsonObject body;
  private final JsonArray messages;
  private final String model;
  private final boolean stream;
  private final boolean includeUsage;

  private ChatRequest(JsonObject body) {
    this.body = body;
    if (!(body.get("messages") instanceof JsonArray array) || array.isEmpty()) {
      throw new InvalidRequestException(
          "invalid_messages", "messages must be a non-empty array of messages");
    }
    for (JsonValue message : array) {
      if (!(message instanceof JsonObject)) {
        throw new InvalidRequestException(
            "invalid_messages", "each message must be an object with a role and content");
      }
    }
    this.messages = array;
    this.model = text(body, "model");
    this.stream = flag(body, "stream");
    JsonValue options = body.get("stream_options");
    if (options != null && options != JsonValue.NULL && !(options instanceof JsonObject)) {
      throw new InvalidRequestException(
          "invalid_stream_options", "stream_options must be an object");
    }
    this.includeUsage =
        options instanceof JsonObject given && given.get("include_usage") == JsonValue.TRUE;
  }

  /** A client's request body; 400 {@code invalid_json} or a field's code when it is not valid. */
  public static ChatRequest parse(String json) {
    return of(object(json));
  }

  /** A request of a parsed body. */
  public static ChatRequest of(JsonObject body) {
    return new ChatRequest(body);
  }

  /**
   * A request built by Mainspring itself: {@code model} a model key (null: the caller's default),
   * {@code options} further members such as {@code max_tokens}, {@code temperature} or {@code
   * tools}.
   */
  public static ChatRequest of(String model, JsonArray messages, Map<String, JsonValue> options) {
    JsonObjectBuilder body = Jsons.object();
    options.forEach(body::add);
    if (model != null) {
      body.add("model", model);
    }
    return new ChatRequest(body.add("messages", messages).build());
  }

  /**
   * The request of document C's direct inference endpoints: {@code inference} takes {@code
   * messages} or a {@code prompt}, {@code generate} ({@code promptOnly}) a {@code prompt} with an
   * optional {@code system}; both may name a {@code model} and set {@code max_tokens}, {@code
   * temperature}, {@code top_p} and {@code stop}.
   */
  public static ChatRequest parseGeneration(String json, boolean promptOnly) {
    JsonObject given = object(json);
    JsonArray messages;
    String prompt = text(given, "prompt");
    if (!promptOnly && given.get("messages") instanceof JsonArray asked) {
      messages = asked;
    } else if (prompt != null && !prompt.isBlank()) {
      JsonArrayBuilder built = Jsons.array();
      String system = text(given, "system");
      if (system != null) {
        built.add(Jsons.object().add("role", "system").add("content", system));
      }
      messages = built.add(Jsons.object().add("role", "user").add("content", prompt)).build();
    } else {
      throw new InvalidRequestException(
          "invalid_prompt", promptOnly ? "prompt is required" : "give messages or a prompt");
    }
    Map<String, JsonValue> options = new LinkedHashMap<>();
    for (String option : GENERATION_OPTIONS) {
      if (given.containsKey(option)) {
        options.put(option, given.get(option));
      }
    }
    return of(text(given, "model"), messages, options);
  }

  /** The model key asked for; null for the caller's default. */
  public String model() {
    return model;
  }

  public JsonArray messages() {
    return messages;
  }

  /** The tool definitions offered to the model; null when there are none. */
  public JsonValue tools() {
    return body.get("tools");
  }

  /** Whether the client asked for a stream. */
  public boolean stream() {
    return stream;
  }

  /** Whether the client asked for the usage chunk at the end of a stream. */
  public boolean includeUsage() {
    return includeUsage;
  }

  /** Whether the request sets {@code member} itself (then a user's default does not apply). */
  public boolean sets(String member) {
    return body.containsKey(member) && body.get(member) != JsonValue.NULL;
  }

  /** The body as given, to build the provider's request from. */
  JsonObject body() {
    return body;
  }

  /** A JSON object, or 400 {@code invalid_json}. */
  static JsonObject object(String json) {
    if (json == null || json.isBlank()) {
      throw new InvalidRequestException("invalid_json", "the request body must be a JSON object");
    }
    try (JsonReader reader = Jsons.reader(json)) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (JsonException | IllegalStateException e) {
      throw new InvalidRequestException("invalid_json", "the request body is not valid JSON");
    }
    throw new InvalidRequestException("invalid_json", "the request body must be a JSON object");
  }

  /** A string member, null when absent or null; 400 {@code invalid_<field>} otherwise. */
  static String text(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString string) {
      return string.getString();
    }
    throw new InvalidRequestException("invalid_" + field, field + " must be a string");
  }

  private static boolean flag(JsonObject request, String field) {
    JsonValue value = request.get(field);
    if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
      return false;
    }
    if (value == JsonValue.TRUE) {
      return true;
    }
    throw new InvalidRequestException("invalid_" + field, field + " must be true or false");
  }
}
