package dev.mainspring.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;

/**
 * A minimal JSON client of Mainspring's API for the setup calls: each call either answers 2xx with
 * a JSON object (empty for no body) or throws with the status and body the server sent.
 */
final class JsonApi {

  private final HttpClient client;
  private final URI base;
  private final Optional<String> bearer;

  JsonApi(HttpClient client, URI base) {
    this(client, base, Optional.empty());
  }

  private JsonApi(HttpClient client, URI base, Optional<String> bearer) {
    this.client = client;
    this.base = base;
    this.bearer = bearer;
  }

  /** The same client, sending {@code Authorization: Bearer token}. */
  JsonApi as(String token) {
    return new JsonApi(client, base, Optional.of(token));
  }

  JsonObject get(String path) {
    return send(builder(path).GET(), path);
  }

  JsonObject post(String path, JsonObject body) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body.toString())),
        path);
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    bearer.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
    return builder;
  }

  private JsonObject send(HttpRequest.Builder request, String path) {
    String method = request.build().method();
    try {
      var response = client.send(request.build(), BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      if (response.body().isBlank()) {
        return JsonValue.EMPTY_JSON_OBJECT;
      }
      try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
        return reader.readObject();
      }
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }
}
