package dev.mainspring.inference.service.modelops;

import dev.mainspring.inference.service.provider.ProviderError;
import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.inference.service.upstream.UpstreamResponse;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * One ModelOps test call through an OpenAI-compatible provider: a short non-streamed chat
 * completion for an {@code llm_inference} model (its output is the first choice's message content),
 * an embedding of the input for an {@code embeddings} model (its output is {@code "<n>
 * dimensions"}). A failure becomes the test's error: the plain message of a {@link ProviderError},
 * without the provider's URL or an exception, while {@link Answer#detail()} keeps those for the
 * log.
 *
 * <pre>{@code
 * ModelTestCalls.Answer answer =
 *     ModelTestCalls.run(upstream, "llm_inference", "stub-model", "Say hello.");
 * }</pre>
 */
final class ModelTestCalls {

  /** What a chat test asks for at most, to keep tests quick and cheap. */
  static final int MAX_TOKENS = 64;

  private ModelTestCalls() {}

  /**
   * The output of a call that worked, or the error of one that did not (one of them is null); for a
   * failure, {@code detail} says for the server log what happened.
   */
  record Answer(String output, String error, String detail) {

    static Answer of(String output) {
      return new Answer(output, null, null);
    }

    static Answer failed(ProviderError error) {
      return new Answer(null, error.message(), error.code());
    }

    static Answer failed(ProviderError error, String detail) {
      return new Answer(null, error.message(), detail);
    }
  }

  static Answer run(OpenAiUpstream upstream, String capability, String model, String input) {
    boolean chat = "llm_inference".equals(capability);
    UpstreamResponse response;
    try {
      response =
          chat
              ? upstream.chatCompletion(chatRequest(model, input))
              : upstream.embeddings(embeddingsRequest(model, input));
    } catch (UpstreamException e) {
      return Answer.failed(
          ProviderError.of(e), e + (e.getCause() == null ? "" : "; cause: " + e.getCause()));
    }
    if (!response.isSuccess()) {
      return Answer.failed(
          ProviderError.answered(response.status()),
          upstream + " answered " + response.status() + ": " + abbreviated(response.body()));
    }
    Optional<String> output =
        chat ? chatOutput(response.body()) : embeddingsOutput(response.body());
    return output
        .map(Answer::of)
        .orElseGet(
            () ->
                Answer.failed(
                    ProviderError.badAnswer(chat ? "message content" : "embedding"),
                    upstream + " answered " + abbreviated(response.body())));
  }

  private static String abbreviated(String body) {
    return body == null || body.length() <= 500 ? body : body.substring(0, 500) + "...";
  }

  static String chatRequest(String model, String input) {
    return Jsons.object()
        .add("model", model)
        .add(
            "messages", Jsons.array().add(Jsons.object().add("role", "user").add("content", input)))
        .add("max_tokens", MAX_TOKENS)
        .build()
        .toString();
  }

  static String embeddingsRequest(String model, String input) {
    return Jsons.object().add("model", model).add("input", input).build().toString();
  }

  /** The content of the first choice's message. */
  static Optional<String> chatOutput(String body) {
    return object(body)
        .map(answer -> answer.get("choices"))
        .filter(choices -> choices instanceof JsonArray array && !array.isEmpty())
        .map(choices -> choices.asJsonArray().get(0))
        .filter(choice -> choice instanceof JsonObject)
        .map(choice -> choice.asJsonObject().get("message"))
        .filter(message -> message instanceof JsonObject)
        .map(message -> message.asJsonObject().get("content"))
        .filter(content -> content instanceof JsonString)
        .map(content -> ((JsonString) content).getString());
  }

  /** {@code "<n> dimensions"} of the first embedding. */
  static Optional<String> embeddingsOutput(String body) {
    return object(body)
        .map(answer -> answer.get("data"))
        .filter(data -> data instanceof JsonArray array && !array.isEmpty())
        .map(data -> data.asJsonArray().get(0))
        .filter(entry -> entry instanceof JsonObject)
        .map(entry -> entry.asJsonObject().get("embedding"))
        .filter(vector -> vector instanceof JsonArray)
        .map(vector -> vector.asJsonArray().size() + " dimensions");
  }

  private static Optional<JsonObject> object(String body) {
    try (var reader = Jsons.reader(body)) {
      JsonValue value = reader.readValue();
      return value instanceof JsonObject answer ? Optional.of(answer) : Optional.empty();
    } catch (JsonException e) {
      return Optional.empty();
    }
  }
}
