package dev.mainspring.bench;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The upstream the benchmark drives by default: it replays, byte for byte, the answers the
 * protocol-faithful {@link StubOpenAiServer} gave to the benchmark's own requests (the model list,
 * a whole completion, a stream with its usage chunk), over plain sockets with a thread per
 * connection, keep-alive and TCP_NODELAY. A stream goes out one event per chunk of a chunked
 * response, each flushed. It checks the bearer key like the stub. It costs the machine a fraction
 * of what the JDK's HTTP server costs, so that the two cores go to what is measured.
 */
final class LeanStub implements AutoCloseable {

  private final ServerSocket server;
  private final String expectedAuthorization;
  private final byte[] models;
  private final byte[] completion;
  private final List<byte[]> events;
  private final Thread acceptor;
  private volatile boolean open = true;

  private LeanStub(String secret, byte[] models, byte[] completion, List<byte[]> events)
      throws IOException {
    this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    this.expectedAuthorization = "Bearer " + secret;
    this.models = models;
    this.completion = completion;
    this.events = events;
    this.acceptor = new Thread(this::accept, "lean-stub-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Records the stub's answers to the benchmark's requests, then serves them. */
  static LeanStub replaying(StubOpenAiServer stub, String secret, HttpClient client)
      throws IOException, InterruptedException {
    URI base = URI.create(stub.baseUrl() + "/");
    byte[] models =
        client
            .send(
                HttpRequest.newBuilder(base.resolve("models"))
                    .header("Authorization", "Bearer " + secret)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    Endpoint direct =
        new Endpoint("record", base.resolve("chat/completions"), secret, StubOpenAiServer.MODEL);
    byte[] completion =
        client
            .send(
                direct.request(Mode.PLAIN, java.time.Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    String stream =
        client
            .send(
                direct.request(Mode.STREAM, java.time.Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofString())
            .body();
    List<byte[]> events = new ArrayList<>();
    for (String event : stream.split("\n\n")) {
      if (!event.isBlank()) {
        events.add((event + "\n\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    if (events.isEmpty() || !new String(events.get(events.size() - 1)).contains("[DONE]")) {
      throw new IllegalStateException("the stub's stream did not end with [DONE]: " + stream);
    }
    return new LeanStub(secret, models, completion, events);
  }

  /** The base URL, ending in {@code /v1}. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1");
  }

  private void accept() {
    while (open) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        Thread connection = new Thread(() -> serve(socket), "lean-stub-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        if (open) {
          System.err.println("[bench] lean stub: accept failed: " + e);
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024)) {
      for (String line = HttpWire.readLine(in); line != null; line = HttpWire.readLine(in)) {
        if (line.isEmpty()) {
          continue;
        }
        String[] parts = line.split(" ");
        Map<String, String> headers = HttpWire.readHeaders(in);
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(HttpWire.readExactly(in, length), StandardCharsets.UTF_8);
        String path = parts.length > 1 ? parts[1] : "";
        if (!expectedAuthorization.equals(headers.get("authorization"))) {
          whole(
              out,
              401,
              "{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}"
                  .getBytes(StandardCharsets.UTF_8));
        } else if (path.endsWith("/models")) {
          whole(out, 200, models);
        } else if (path.endsWith("/chat/completions") && body.contains("\"stream\":true")) {
          stream(out);
        } else if (path.endsWith("/chat/completions")) {
          whole(out, 200, completion);
        } else {
          whole(
              out,
              404,
              "{\"error\":{\"message\":\"no such path\"}}".getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      // the client closed the connection
    }
  }

  private static void whole(OutputStream out, int status, byte[] body) throws IOException {
    out.write(
        ("HTTP/1.1 "
                + status
                + " X\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private void stream(OutputStream out) throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    for (byte[] event : events) {
      out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(event);
      out.write('\r');
      out.write('\n');
      out.flush();
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    open = false;
    server.close();
  }
}
