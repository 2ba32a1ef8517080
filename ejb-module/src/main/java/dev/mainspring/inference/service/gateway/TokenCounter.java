package dev.mainspring.inference.service.gateway;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Counts tokens when a provider does not report usage, so that every call is still metered; such
 * counts are marked estimated. Uses the cl100k_base encoding and OpenAI's published chat accounting
 * (a few tokens of framing per message), which is close for most current models.
 */
@ApplicationScoped
public class TokenCounter {

  private static final int PER_MESSAGE = 3;
  private static final int PER_REPLY = 3;

  private final Encoding encoding =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  public int count(String text) {
    return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  /** The prompt tokens of a chat completion request's {@code messages}. */
  public int countMessages(JsonArray messages) {
    int tokens = PER_REPLY;
    for (JsonValue message : messages) {
      tokens += PER_MESSAGE;
      if (message instanceof JsonObject object) {
        for (var field : object.entrySet()) {
          tokens += countValue(field.getValue());
        }
      }
    }
    return tokens;
  }

  /** The tokens of a JSON value's text: strings as they are, arrays and objects by their parts. */
  public int countValue(JsonValue value) {
    if (value instanceof JsonString string) {
      return count(string.getString());
    }
    if (value instanceof JsonArray array) {
      int tokens = 0;
      for (JsonValue item : array) {
        tokens += countValue(item);
      }
      return tokens;
    }
    if (value instanceof JsonObject object) {
      int tokens = 0;
      for (JsonValue item : object.values()) {
        tokens += countValue(item);
      }
      return tokens;
    }
    return 0;
  }
}
