package dev.mainspring.inference.service.gateway;

import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * What to embed, checked: an OpenAI embeddings request ({@code input} a string or an array of
 * strings, an optional {@code model} key, {@code encoding_format} {@code float} or {@code base64},
 * and other members an OpenAI-compatible provider understands, which pass through unchanged).
 */
public final class EmbeddingsRequest {

  private final JsonObject body;
  private final List<String> inputs;
  private final String model;
  private final boolean base64;

  private EmbeddingsRequest(JsonObject body) {
    this.body = body;
    this.inputs = EmbeddingInputs.of(body.get("input"));
    this.model = ChatRequest.text(body, "model");
    String format = ChatRequest.text(body, "encoding_format");
    if (format != null && !format.equals("float") && !format.equals("base64")) {
      throw new InvalidRequestException(
          "invalid_encoding_format", "encoding_format must be float or base64");
    }
    this.base64 = "base64".equals(format);
  }

  /** A client's request body; 400 with a field's code when it is not valid. */
  public static EmbeddingsRequest parse(String json) {
    return new EmbeddingsRequest(ChatRequest.object(json));
  }

  /** The texts to embed, in order. */
  public List<String> inputs() {
    return inputs;
  }

  /** The model key asked for; null for the binding's default. */
  public String model() {
    return model;
  }

  boolean base64() {
    return base64;
  }

  JsonObject body() {
    return body;
  }
}
