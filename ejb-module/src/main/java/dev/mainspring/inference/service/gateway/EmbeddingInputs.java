package dev.mainspring.inference.service.gateway;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The {@code input} of an OpenAI embeddings request, and the answer of the built-in model. */
final class EmbeddingInputs {

  static final int MAX_INPUTS = 2048;

  private EmbeddingInputs() {}

  /** A string or an array of strings; token arrays are not accepted. */
  static List<String> of(JsonValue input) {
    List<String> texts = new ArrayList<>();
    if (input instanceof JsonString text) {
      texts.add(text.getString());
    } else if (input instanceof JsonArray array) {
      for (JsonValue item : array) {
        if (!(item instanceof JsonString text)) {
          throw invalid("input must be a string or an array of strings");
        }
        texts.add(text.getString());
      }
    } else {
      throw invalid("input must be a string or an array of strings");
    }
    if (texts.isEmpty() || texts.size() > MAX_INPUTS) {
      throw invalid("input must hold between 1 and " + MAX_INPUTS + " texts");
    }
    if (texts.stream().anyMatch(String::isEmpty)) {
      throw invalid("input texts must not be empty");
    }
    return texts;
  }

  /** An OpenAI embeddings answer; {@code base64} encodes each vector as little-endian float32. */
  static String answer(String model, List<float[]> vectors, long promptTokens, boolean base64) {
    StringBuilder json = new StringBuilder(vectors.size() * 4096 + 128);
    json.append("{\"object\":\"list\",\"data\":[");
    for (int i = 0; i < vectors.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":");
      float[] vector = vectors.get(i);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : vector) {
          bytes.putFloat(f);
        }
        json.append('"').append(Base64.getEncoder().encodeToString(bytes.array())).append('"');
      } else {
        json.append('[');
        for (int j = 0; j < vector.length; j++) {
          if (j > 0) {
            json.append(',');
          }
          json.append(vector[j]);
        }
        json.append(']');
      }
      json.append('}');
    }
    json.append("],\"model\":\"")
        .append(model.replace("\\", "\\\\").replace("\"", "\\\""))
        .append("\",\"usage\":{\"prompt_tokens\":")
        .append(promptTokens)
        .append(",\"total_tokens\":")
        .append(promptTokens)
        .append("}}");
    return json.toString();
  }

  private static InvalidRequestException invalid(String message) {
    return new InvalidRequestException("invalid_input", message);
  }
}
