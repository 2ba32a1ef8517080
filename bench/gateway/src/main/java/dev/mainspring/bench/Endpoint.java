package dev.mainspring.bench;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;

/**
 * Where chat completions are sent: the stub itself or Mainspring's gateway, with the bearer
 * credential and model name that path needs. Both paths get the same request otherwise.
 *
 * @param name how the report names the path
 * @param chatCompletions the URL of {@code POST .../chat/completions}
 * @param bearer the {@code Authorization: Bearer} credential
 * @param model the model to ask for
 */
record Endpoint(String name, URI chatCompletions, String bearer, String model) {

  /** The prompt of every request: short, like a chat turn. */
  static final String PROMPT = "Say hello to the benchmark.";

  /** One request, sent as it is for every call of a run. */
  HttpRequest request(Mode mode, Duration timeout) {
    return HttpRequest.newBuilder(chatCompletions)
        .timeout(timeout)
        .header("Authorization", "Bearer " + bearer)
        .header("Content-Type", "application/json")
        .header("Accept", mode.streamed() ? "text/event-stream" : "application/json")
        .POST(BodyPublishers.ofString(body(mode)))
        .build();
  }

  /** The same request as raw HTTP/1.1 bytes, for the lean generator. */
  byte[] rawRequest(Mode mode) {
    byte[] body = body(mode).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String head =
        "POST "
            + chatCompletions.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + chatCompletions.getHost()
            + ":"
            + chatCompletions.getPort()
            + "\r\nAuthorization: Bearer "
            + bearer
            + "\r\nContent-Type: application/json\r\nAccept: "
            + (mode.streamed() ? "text/event-stream" : "application/json")
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] request = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  private String body(Mode mode) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("model", model)
            .add(
                "messages",
                Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("role", "user").add("content", PROMPT)))
            .add("stream", mode.streamed());
    if (mode.streamed()) {
      // Mainspring always asks the upstream for usage; asking here too keeps both paths'
      // upstream answers the same size.
      body.add("stream_options", Json.createObjectBuilder().add("include_usage", true));
    }
    return body.build().toString();
  }
}
