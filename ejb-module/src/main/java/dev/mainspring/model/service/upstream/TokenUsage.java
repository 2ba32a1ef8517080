package dev.mainspring.model.service.upstream;

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
    if (json == null || !json.contains("\"usage\"")) {
      return Optional.empty();
    }
    try (JsonReader reader = Jsons.reader(json)) {
      JsonValue usage = reader.readObject().get("usage");
      if (usage == null || usage.getValueType() != JsonValue.ValueType.OBJECT) {
        return Optional.empty();
      }
      JsonObject counts = usage.asJsonObject();
      return Optional.of(
          new TokenUsage(count(counts, "prompt_tokens"), count(counts, "completion_tokens")));
    } catch (JsonException | ClassCastException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static long count(JsonObject counts, String name) {
    return counts.get(name) instanceof JsonNumber number ? number.longValueExact() : 0;
  }
}
