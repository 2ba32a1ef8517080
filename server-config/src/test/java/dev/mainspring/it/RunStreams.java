package dev.mainspring.it;

import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads a run's Server-Sent Events plainly, frame by frame, as document E sends them: for tests
 * that check the wire format itself (the reconnecting client library is tested elsewhere).
 */
final class RunStreams {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One frame: its {@code id} (null for a ping), {@code event} and {@code data} as JSON. */
  record Frame(Long id, String event, JsonObject data) {

    String type() {
      return data.getString("type");
    }
  }

  /** The frames read and the response's headers. */
  record Read(int status, HttpResponse<InputStream> response, List<Frame> frames) {}

  private RunStreams() {}

  /**
   * Reads frames from {@code uri} until the stream ends, {@code stopAt} matches a frame (then the
   * connection is closed), or {@code timeout} passes (then the test fails).
   */
  static Read read(
      URI uri, String token, String lastEventId, Predicate<Frame> stopAt, Duration timeout)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      throw new AssertionError("stream answered " + response.statusCode() + ": " + body);
    }
    List<Frame> frames = new ArrayList<>();
    CompletableFuture<Void> reading =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                Long id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.isEmpty()) {
                    if (data.length() > 0) {
                      Frame frame;
                      try (var reader = Jsons.reader(data.toString())) {
                        frame = new Frame(id, event, reader.readObject());
                      }
                      synchronized (frames) {
                        frames.add(frame);
                      }
                      if (stopAt.test(frame)) {
                        return;
                      }
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                  } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).strip());
                  } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                  } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                  }
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try {
      reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      response.body().close();
    }
    synchronized (frames) {
      return new Read(200, response, List.copyOf(frames));
    }
  }

  /** Reads the whole run, from the start or after {@code lastEventId}. */
  static List<Frame> whole(URI uri, String token, String lastEventId) throws Exception {
    return read(uri, token, lastEventId, f -> "control".equals(f.type()), Duration.ofSeconds(60))
        .frames();
  }

  /** The frames without pings. */
  static List<Frame> events(List<Frame> frames) {
    return frames.stream().filter(f -> !"ping".equals(f.type())).toList();
  }
}
