package dev.mainspring.inference.service.gateway;

import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.util.Optional;

/**
 * A whole chat answer ({@link Gateway#complete}): the provider's {@code chat.completion} JSON as it
 * sent it, the model key the call was routed to, and the tokens it consumed. {@link #content()} and
 * {@link #finishReason()} read the JSON when first asked, so a caller that only passes the answer
 * on never builds it.
 */
public final class ChatAnswer {

  private final String model;
  private final String json;
  private final TokenCount tokens;
  private JsonObject parsed;

  ChatAnswer(String model, String json, TokenCount tokens) {
    this.model = model;
    this.json = json;
    this.tokens = tokens;
  }

  /** The model key the call was routed to. */
  public String model() {
    return model;
  }

  /** The provider's answer, a {@code chat.completion} object. */
  public String json() {
    return json;
  }

  public TokenCount tokens() {
    return tokens;
  }

  /** The first choice's message content; empty when it has none (a tool call, say). */
  public Optional<String> content() {
    return firstChoice()
        .flatMap(
            choice ->
                choice.get("message") instanceof JsonObject message
                        && message.get("content") instanceof JsonString content
                    ? Optional.of(content.getString())
                    : Optional.empty());
  }

  /** Why the model stopped ({@code stop}, {@code length}, {@code tool_calls}...), when it says. */
  public Optional<String> finishReason() {
    return firstChoice()
        .flatMap(
            choice ->
                choice.get("finish_reason") instanceof JsonString reason
                    ? Optional.of(reason.getString())
                    : Optional.empty());
  }

  private Optional<JsonObject> firstChoice() {
    return parsed().get("choices") instanceof JsonArray choices
            && !choices.isEmpty()
            && choices.get(0) instanceof JsonObject first
        ? Optional.of(first)
        : Optional.empty();
  }

  private synchronized JsonObject parsed() {
    if (parsed == null) {
      try (JsonReader reader = Jsons.reader(json)) {
        parsed = reader.readObject();
      } catch (JsonException | IllegalStateException e) {
        parsed = JsonObject.EMPTY_JSON_OBJECT;
      }
    }
    return parsed;
  }
}
