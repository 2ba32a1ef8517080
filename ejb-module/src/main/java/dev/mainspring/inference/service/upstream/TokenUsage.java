package dev.mainspring.inference.service.upstream;

import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * The tokens one completion consumed, as the upstream counted them in its {@code usage}; {@code
 * cachedTokens} ({@code prompt_tokens_details.cached_tokens}) are the part of {@code promptTokens}
 * the provider served from its prompt cache, never more than all of them.
 */
public record TokenUsage(long promptTokens, long completionTokens, long cachedTokens) {

  public TokenUsage {
    if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
    cachedTokens = Math.min(cachedTokens, promptTokens);
  }

  /** Usage without cached tokens. */
  public TokenUsage(long promptTokens, long completionTokens) {
    this(promptTokens, completionTokens, 0);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }

  /**
   * The {@code usage} of a completion body or of a stream chunk; empty when the JSON has none (a
   * chunk before the last one carries {@code "usage": null}) or is no JSON object.
   */
  public static Optional<TokenUsage> of(String json) {
    if (!carriesUsage(json)) {
      return Optional.empty();
    }
    try (JsonReader reader = Jsons.reader(json)) {
      JsonValue usage = reader.readObject().get("usage");
      if (usage == null || usage.getValueType() != JsonValue.ValueType.OBJECT) {
        return Optional.empty();
      }
      return of(usage.asJsonObject());
    } catch (JsonException | ClassCastException e) {
      return Optional.empty();
    }
  }

  /** The counts of a parsed {@code usage} object; empty when they are not valid counts. */
  public static Optional<TokenUsage> of(JsonObject usage) {
    try {
      long cached =
          usage.get("prompt_tokens_details") instanceof JsonObject details
              ? count(details, "cached_tokens")
              : 0;
      return Optional.of(
          new TokenUsage(count(usage, "prompt_tokens"), count(usage, "completion_tokens"), cached));
    } catch (ArithmeticException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the JSON text may carry a {@code usage} object: {@code "usage"}, a colon and an opening
   * brace. Cheap, so that stream chunks with {@code "usage": null} (all but the last) are not
   * parsed for it.
   */
  public static boolean carriesUsage(String json) {
    if (json == null) {
      return false;
    }
    for (int at = json.indexOf("\"usage\""); at >= 0; at = json.indexOf("\"usage\"", at + 1)) {
      int i = skipBlanks(json, at + 7);
      if (i < json.length() && json.charAt(i) == ':') {
        i = skipBlanks(json, i + 1);
        if (i < json.length() && json.charAt(i) == '{') {
          return true;
        }
      }
    }
    return false;
  }

  private static int skipBlanks(String json, int from) {
    int i = from;
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }

  private static long count(JsonObject counts, String name) {
    return counts.get(name) instanceof JsonNumber number ? number.longValueExact() : 0;
  }
}
