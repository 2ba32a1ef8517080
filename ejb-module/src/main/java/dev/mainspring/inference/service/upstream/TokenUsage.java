package dev.mainspring.inference.service.upstream;

import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.util.Optional;

/** The tokens one completion consumed, as the upstream counted them in its {@code usage}. */
public record TokenUsage(long promptTokens, long completionTokens) {

  public TokenUsage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
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
      return Optional.of(
          new TokenUsage(count(usage, "prompt_tokens"), count(usage, "completion_tokens")));
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
