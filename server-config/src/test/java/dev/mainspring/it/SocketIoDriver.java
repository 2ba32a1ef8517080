package dev.mainspring.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One {@code socket.io-client} connection, the npm client document A's frontends use, run by node
 * (src/test/socketio/driver.mjs) and driven line by line: connect, emit with or without an
 * acknowledgement, and everything the client saw, in order.
 */
final class SocketIoDriver implements AutoCloseable {

  private final Process process;
  private final Writer in;
  private final List<JsonObject> seen = new ArrayList<>();
  private int nextId;

  private SocketIoDriver(Process process) {
    this.process = process;
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  JsonObject parsed;
                  try (var r = Json.createReader(new StringReader(line))) {
                    parsed = r.readObject();
                  } catch (RuntimeException e) {
                    parsed =
                        Json.createObjectBuilder().add("type", "noise").add("line", line).build();
                  }
                  synchronized (seen) {
                    seen.add(parsed);
                    seen.notifyAll();
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "socket.io-driver");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts node with the driver; its errors go to target/it/socketio-driver.log. */
  static SocketIoDriver start() throws IOException {
    Path dir = Path.of(System.getProperty("mainspring.it.socketio"));
    Path log = Path.of(System.getProperty("mainspring.it.dir"), "socketio-driver.log");
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder("node", dir.resolve("driver.mjs").toString())
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new SocketIoDriver(process);
  }

  /**
   * Connects to the Socket.IO server whose path is {@code socketIoUri}'s (for example {@code
   * http://host:port/ctx/socket.io}), without reconnecting on its own; answers the {@code connect}
   * or {@code connect_error} the client saw.
   *
   * @param options more {@code io()} options as JSON members, for example {@code "auth":{...}}
   */
  JsonObject connect(URI socketIoUri, String transports, String options) throws Exception {
    String url = socketIoUri.getScheme() + "://" + socketIoUri.getAuthority();
    JsonObject opts =
        read(
            "{\"path\":\""
                + socketIoUri.getPath()
                + "\",\"transports\":"
                + transports
                + ",\"reconnection\":false"
                + (options == null || options.isBlank() ? "" : "," + options)
                + "}");
    int id =
        send(Json.createObjectBuilder().add("op", "connect").add("url", url).add("options", opts));
    return await(
        l ->
            l.getInt("id", -1) == id
                && ("connect".equals(type(l)) || "connect_error".equals(type(l))),
        Duration.ofSeconds(30));
  }

  /** Emits {@code event} with {@code json} (null: no argument) and answers its acknowledgement. */
  JsonObject ack(String event, String json) throws Exception {
    JsonObjectBuilder command =
        Json.createObjectBuilder().add("op", "emit").add("event", event).add("ack", true);
    if (json != null) {
      command.add("data", read(json));
    }
    int id = send(command);
    JsonObject answer =
        await(
            l -> l.getInt("id", -1) == id && ("ack".equals(type(l)) || "failure".equals(type(l))),
            Duration.ofSeconds(40));
    if ("failure".equals(type(answer))) {
      throw new AssertionError("no acknowledgement of " + event + ": " + answer);
    }
    return answer.getJsonObject("data");
  }

  /** Emits {@code event} with {@code json} asking for no acknowledgement. */
  void emit(String event, String json) throws Exception {
    JsonObjectBuilder command = Json.createObjectBuilder().add("op", "emit").add("event", event);
    if (json != null) {
      command.add("data", read(json));
    }
    int id = send(command);
    await(l -> l.getInt("id", -1) == id, Duration.ofSeconds(10));
  }

  /** Closes the connection (the process stays for another). */
  void disconnect() throws Exception {
    int id = send(Json.createObjectBuilder().add("op", "close"));
    await(l -> l.getInt("id", -1) == id, Duration.ofSeconds(10));
  }

  /** The data of the server's events named {@code event} seen so far, in order. */
  List<JsonObject> events(String event) {
    synchronized (seen) {
      return seen.stream()
          .filter(l -> "event".equals(type(l)) && event.equals(l.getString("event", "")))
          .map(l -> l.getJsonObject("data"))
          .toList();
    }
  }

  /** Waits for a server event named {@code event} whose data matches; answers its data. */
  JsonObject awaitEvent(String event, Predicate<JsonObject> matches, Duration timeout)
      throws InterruptedException {
    return await(
            l ->
                "event".equals(type(l))
                    && event.equals(l.getString("event", ""))
                    && l.get("data") instanceof JsonObject data
                    && matches.test(data),
            timeout)
        .getJsonObject("data");
  }

  /** Waits for a line the client wrote (any type) that matches. */
  JsonObject await(Predicate<JsonObject> matches, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (seen) {
      while (true) {
        for (JsonObject line : seen) {
          if (matches.test(line)) {
            return line;
          }
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new AssertionError(
              "the Socket.IO client never saw what was awaited; it saw " + seen);
        }
        seen.wait(left);
      }
    }
  }

  /** Everything the client saw so far. */
  List<JsonObject> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  private int send(JsonObjectBuilder command) throws IOException {
    int id = ++nextId;
    in.write(command.add("id", id).build().toString() + "\n");
    in.flush();
    return id;
  }

  private static String type(JsonObject line) {
    return line.getString("type", "");
  }

  private static JsonObject read(String json) {
    try (var r = Json.createReader(new StringReader(json))) {
      JsonValue v = r.readValue();
      return (JsonObject) v;
    }
  }

  @Override
  public void close() {
    try {
      in.write("{\"op\":\"exit\"}\n");
      in.flush();
    } catch (IOException ignored) {
      // already gone
    }
    process.destroy();
  }
}
