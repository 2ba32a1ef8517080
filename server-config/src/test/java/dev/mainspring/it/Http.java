package dev.mainspring.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A small HTTP client for tests: JSON in, status, headers and JSON out. */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final URI base;
  private final List<String> defaultHeaders;

  public Http(URI base) {
    this(base, List.of());
  }

  private Http(URI base, List<String> defaultHeaders) {
    this.base = base;
    this.defaultHeaders = defaultHeaders;
  }

  /** The same client, sending {@code name: value} with every request. */
  public Http withHeader(String name, String value) {
    List<String> headers = new ArrayList<>(defaultHeaders);
    headers.add(name);
    headers.add(value);
    return new Http(base, List.copyOf(headers));
  }

  /** The same client without any default header. */
  public Http anonymous() {
    return new Http(base);
  }

  public URI uri(String path) {
    return base.resolve(path);
  }

  public Reply get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  public Reply post(String path, String json, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(json)));
  }

  public Reply put(String path, String json, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofString(json)));
  }

  public Reply patch(String path, String json, String... headers) {
    return send(
        request(path, headers)
            .header("Content-Type", "application/json")
            .method("PATCH", BodyPublishers.ofString(json)));
  }

  public Reply delete(String path, String... headers) {
    return send(request(path, headers).DELETE());
  }

  public Reply send(String method, String path, BodyPublisher body, String... headers) {
    return send(request(path, headers).method(method, body));
  }

  /**
   * Sends with {@code Expect: 100-continue}, as a client uploading a large body should: a server
   * that refuses the body answers before the body is sent.
   */
  public Reply sendExpectingContinue(
      String method, String path, BodyPublisher body, String... headers) {
    return send(request(path, headers).expectContinue(true).method(method, body));
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (!defaultHeaders.isEmpty()) {
      builder.headers(defaultHeaders.toArray(String[]::new));
    }
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  private static Reply send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      HttpResponse<byte[]> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response);
    } catch (HttpTimeoutException e) {
      String what = "no answer in time to " + built.method() + " " + built.uri();
      throw new UncheckedIOException(
          what + "; " + ServerThreadDumps.summarize(what), new java.io.IOException(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response with its body decoded (gunzipped when the server compressed it). */
  public static final class Reply {

    private final HttpResponse<byte[]> response;
    private final byte[] body;

    Reply(HttpResponse<byte[]> response) throws IOException {
      this.response = response;
      boolean gzip =
          response.headers().firstValue("Content-Encoding").map("gzip"::equals).orElse(false);
      if (gzip) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
          this.body = in.readAllBytes();
        }
      } else {
        this.body = response.body();
      }
    }

    public int status() {
      return response.statusCode();
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public int wireLength() {
      return response.body().length;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
        return reader.readObject();
      }
    }

    @Override
    public String toString() {
      return response.statusCode() + " " + text();
    }
  }
}
