package dev.mainspring.inference.service.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for an inference server that speaks the OpenAI HTTP API, on 127.0.0.1 and a free
 * port: {@code GET /v1/models}, {@code POST /v1/chat/completions} (whole, or streamed as {@code
 * data: {chat.completion.chunk}} lines ending with {@code data: [DONE]}) and {@code POST
 * /v1/embeddings} (deterministic vectors). Its answers follow what vLLM and OpenAI send: a request
 * with {@code tools} is answered with a tool call (streamed as {@code tool_calls} deltas), {@code
 * stream_options.include_usage} adds a final chunk with {@code usage} and empty {@code choices}.
 *
 * <pre>{@code
 * try (StubOpenAiServer stub = StubOpenAiServer.start()) {
 *   stub.failNext(StubOpenAiServer.rateLimited(1), StubOpenAiServer.status(503));
 *   stub.chunkDelay(Duration.ofMillis(20));
 *   URI base = stub.baseUrl(); // http://127.0.0.1:PORT/v1
 * }
 * }</pre>
 *
 * Each request, whatever its path, first takes the next scripted {@link Fault}, if any. What the
 * stub received and sent is recorded for the test to check.
 *
 * <p>Conversations ({@link #converse}): as an agent's model would, the stub then answers a request
 * with {@code tools} with a tool call only while the last message is not a tool result; once the
 * result came back it answers with text. Which tool it calls, and with what, can be scripted
 * ({@link #callNext}); otherwise it calls the first tool offered.
 */
public final class StubOpenAiServer implements AutoCloseable {

  public static final String MODEL = "stub-model";
  public static final String TOOL_CALL_ID = "call_stub_1";
  public static final List<String> TOOL_ARGUMENT_PIECES = List.of("{\"q\":", " \"", "stub", "\"}");
  public static final int EMBEDDING_DIMENSIONS = 8;

  /** A scripted failure of one request. */
  public sealed interface Fault permits StatusFault, Hang, Disconnect, Hold {}

  /** Answers {@code status} with an OpenAI error body and, when given, a Retry-After. */
  public record StatusFault(int status, Long retryAfterSeconds) implements Fault {}

  /** Sends nothing, not even a status line, until the stub is closed. */
  public record Hang() implements Fault {}

  /** Streams {@code chunks} data lines, then drops the connection without ending the body. */
  public record Disconnect(int chunks) implements Fault {}

  /**
   * Counts {@code arrived} down when the request is in, then answers it normally once {@code
   * release} opens (after 60 s at most): a provider that is slow while the test looks at what the
   * caller holds meanwhile.
   */
  public record Hold(CountDownLatch arrived, CountDownLatch release) implements Fault {}

  /** A tool call the stub answers with in a conversation. */
  public record ScriptedCall(String id, String tool, String arguments) {}

  public static Fault status(int status) {
    return new StatusFault(status, null);
  }

  public static Fault rateLimited(long retryAfterSeconds) {
    return new StatusFault(429, retryAfterSeconds);
  }

  public static Fault hangBeforeFirstByte() {
    return new Hang();
  }

  public static Fault disconnectAfterChunks(int chunks) {
    return new Disconnect(chunks);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final List<Long> requestNanos = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final List<String> requestBodies = new CopyOnWriteArrayList<>();
  private final Set<InetSocketAddress> clientAddresses = ConcurrentHashMap.newKeySet();
  private final List<String> sentPayloads = new CopyOnWriteArrayList<>();
  private final CountDownLatch clientGone = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  private volatile List<String> pieces = List.of("Hello", ",", " world", "!");
  private volatile Duration chunkDelay = Duration.ZERO;
  private volatile CountDownLatch holdAfterFirstChunk;
  private volatile long lastChunkSentNanos;
  private volatile String requiredApiKey;
  private volatile boolean reportUsage = true;
  private volatile int cachedPromptTokens;
  private volatile boolean recordTraffic = true;
  private volatile boolean conversation;
  private final Queue<ScriptedCall> scriptedCalls = new ConcurrentLinkedQueue<>();

  private StubOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/models", exchange -> serve(exchange, this::models));
    server.createContext("/v1/chat/completions", exchange -> serve(exchange, this::chat));
    server.createContext("/v1/embeddings", exchange -> serve(exchange, this::embeddings));
  }

  /** A started stub on a free port of 127.0.0.1. */
  public static StubOpenAiServer start() throws IOException {
    StubOpenAiServer stub = new StubOpenAiServer();
    stub.server.start();
    return stub;
  }

  /** The API root, {@code http://127.0.0.1:PORT/v1}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  /** The faults the next requests meet, one each, in order. */
  public void failNext(Fault... next) {
    faults.addAll(List.of(next));
  }

  /** The content a completion answers with, one stream chunk per piece. */
  public void answer(List<String> contentPieces) {
    this.pieces = List.copyOf(contentPieces);
  }

  /**
   * Whether requests with tools are answered as a conversation (a tool call until a tool result is
   * the last message, then text) rather than always with a tool call (default false).
   */
  public void converse(boolean converse) {
    this.conversation = converse;
  }

  /** The tool calls the next conversation turns that call a tool answer with, in order. */
  public void callNext(ScriptedCall... calls) {
    scriptedCalls.addAll(List.of(calls));
  }

  /** Forgets the faults and tool calls scripted and not used yet, so one test's leave no trace. */
  public void clearScript() {
    faults.clear();
    scriptedCalls.clear();
  }

  /** The pause before each stream chunk. */
  public void chunkDelay(Duration delay) {
    this.chunkDelay = delay;
  }

  /** After the first content chunk of a stream, waits (at most 5 s) until {@code release} opens. */
  public void holdAfterFirstChunk(CountDownLatch release) {
    this.holdAfterFirstChunk = release;
  }

  /**
   * Whether completions report their usage (default true); without, a non-streamed answer has no
   * {@code usage} and a stream sends no usage chunk even when asked, as some servers do.
   */
  public void reportUsage(boolean report) {
    this.reportUsage = report;
  }

  /**
   * Reports up to {@code tokens} of each chat prompt as served from the provider's prompt cache, as
   * OpenAI does: {@code usage.prompt_tokens_details.cached_tokens}, counted inside {@code
   * prompt_tokens} too. 0 (the default) leaves the details out, as vLLM does.
   */
  public void cachePrompt(int tokens) {
    this.cachedPromptTokens = tokens;
  }

  /** Answers 401 to every request without {@code Authorization: Bearer apiKey}. */
  public void requireApiKey(String apiKey) {
    this.requiredApiKey = apiKey;
  }

  /**
   * Whether what the stub receives and sends is kept for {@link #requestNanos()}, {@link
   * #authorizations()}, {@link #requestBodies()} and {@link #sentPayloads()} (default true). A load
   * test turns it off: every record is kept, in copy-on-write lists.
   */
  public void recordTraffic(boolean record) {
    this.recordTraffic = record;
  }

  public int requestCount() {
    return requestCount.get();
  }

  /** How many connections (distinct client addresses and ports) requests came in on. */
  public int connectionCount() {
    return clientAddresses.size();
  }

  /** When each request arrived, in {@link System#nanoTime()}. */
  public List<Long> requestNanos() {
    return List.copyOf(requestNanos);
  }

  /** The Authorization header of each request, "" where there was none. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  public List<String> requestBodies() {
    return List.copyOf(requestBodies);
  }

  /** Every stream data payload sent, {@code [DONE]} excepted, in order. */
  public List<String> sentPayloads() {
    return List.copyOf(sentPayloads);
  }

  /** When the last data payload before {@code [DONE]} was written, in {@link System#nanoTime()}. */
  public long lastChunkSentNanos() {
    return lastChunkSentNanos;
  }

  /** Waits until a write to a streaming client failed because the client closed the connection. */
  public boolean awaitClientGone(Duration timeout) throws InterruptedException {
    return clientGone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private interface Endpoint {
    void answer(HttpExchange exchange, JsonObject request, Fault fault) throws IOException;
  }

  private void serve(HttpExchange exchange, Endpoint endpoint) throws IOException {
    long arrived = System.nanoTime();
    requestCount.incrementAndGet();
    clientAddresses.add(exchange.getRemoteAddress());
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (recordTraffic) {
      requestNanos.add(arrived);
      requestBodies.add(body);
      authorizations.add(authorization == null ? "" : authorization);
    }
    Fault fault = faults.poll();
    if (fault instanceof Hold hold) {
      hold.arrived().countDown();
      awaitQuietly(hold.release(), Duration.ofSeconds(60));
    }
    if (fault instanceof Hang) {
      awaitQuietly(closed, Duration.ofSeconds(60));
      exchange.close();
      return;
    }
    if (fault instanceof StatusFault failure) {
      if (failure.retryAfterSeconds() != null) {
        exchange
            .getResponseHeaders()
            .add("Retry-After", Long.toString(failure.retryAfterSeconds()));
      }
      sendJson(
          exchange, failure.status(), error(failure.status() == 429 ? "rate_limit" : "server"));
      return;
    }
    if (requiredApiKey != null && !("Bearer " + requiredApiKey).equals(authorization)) {
      sendJson(exchange, 401, error("invalid_api_key"));
      return;
    }
    JsonObject request = JsonValue.EMPTY_JSON_OBJECT;
    if (!body.isBlank()) {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        request = reader.readObject();
      }
    }
    endpoint.answer(exchange, request, fault);
  }

  private void models(HttpExchange exchange, JsonObject request, Fault fault) throws IOException {
    JsonObject model =
        Json.createObjectBuilder()
            .add("id", MODEL)
            .add("object", "model")
            .add("created", 1_700_000_000)
            .add("owned_by", "stub")
            .build();
    sendJson(
        exchange,
        200,
        Json.createObjectBuilder()
            .add("object", "list")
            .add("data", Json.createArrayBuilder().add(model))
            .build());
  }

  private void embeddings(HttpExchange exchange, JsonObject request, Fault fault)
      throws IOException {
    List<String> inputs = new ArrayList<>();
    JsonValue input = request.get("input");
    if (input instanceof JsonString text) {
      inputs.add(text.getString());
    } else if (input instanceof JsonArray array) {
      array.getValuesAs(JsonString.class).forEach(text -> inputs.add(text.getString()));
    }
    JsonArrayBuilder data = Json.createArrayBuilder();
    int tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      tokens += words(inputs.get(i));
      data.add(
          Json.createObjectBuilder()
              .add("object", "embedding")
              .add("index", i)
              .add("embedding", vector(inputs.get(i))));
    }
    sendJson(
        exchange,
        200,
        Json.createObjectBuilder()
            .add("object", "list")
            .add("data", data)
            .add("model", request.getString("model", MODEL))
            .add(
                "usage",
                Json.createObjectBuilder().add("prompt_tokens", tokens).add("total_tokens", tokens))
            .build());
  }

  /** The same text always gets the same vector: bytes of its SHA-256 scaled to [-1, 1). */
  public static JsonArray vector(String text) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    JsonArrayBuilder vector = Json.createArrayBuilder();
    for (int i = 0; i < EMBEDDING_DIMENSIONS; i++) {
      vector.add(digest[i] / 128.0);
    }
    return vector.build();
  }

  private void chat(HttpExchange exchange, JsonObject request, Fault fault) throws IOException {
    String model = request.getString("model", MODEL);
    JsonArray tools = request.getJsonArray("tools");
    JsonArray messages = request.getJsonArray("messages");
    String tool =
        tools == null || tools.isEmpty()
            ? null
            : tools.getJsonObject(0).getJsonObject("function").getString("name");
    String callId = TOOL_CALL_ID;
    List<String> argumentPieces = TOOL_ARGUMENT_PIECES;
    if (tool != null && conversation) {
      boolean resultCame =
          messages != null
              && !messages.isEmpty()
              && "tool".equals(messages.getJsonObject(messages.size() - 1).getString("role", ""));
      ScriptedCall scripted = resultCame ? null : scriptedCalls.poll();
      if (resultCame) {
        tool = null;
      } else if (scripted != null) {
        tool = scripted.tool();
        callId = scripted.id();
        String arguments = scripted.arguments();
        int half = arguments.length() / 2;
        argumentPieces = List.of(arguments.substring(0, half), arguments.substring(half));
      }
    }
    int promptTokens = 0;
    if (messages != null) {
      for (JsonObject message : messages.getValuesAs(JsonObject.class)) {
        if (message.get("content") instanceof JsonString content) {
          promptTokens += words(content.getString());
        }
      }
    }
    List<String> content = pieces;
    int completionTokens = tool == null ? content.size() : argumentPieces.size();
    JsonObjectBuilder counted =
        Json.createObjectBuilder()
            .add("prompt_tokens", promptTokens)
            .add("completion_tokens", completionTokens)
            .add("total_tokens", promptTokens + completionTokens);
    if (cachedPromptTokens > 0) {
      counted.add(
          "prompt_tokens_details",
          Json.createObjectBuilder()
              .add("cached_tokens", Math.min(cachedPromptTokens, promptTokens))
              .add("audio_tokens", 0));
    }
    JsonObject usage = counted.build();
    if (!request.getBoolean("stream", false)) {
      JsonObjectBuilder message = Json.createObjectBuilder().add("role", "assistant");
      if (tool == null) {
        message.add("content", String.join("", content));
      } else {
        message
            .addNull("content")
            .add(
                "tool_calls",
                Json.createArrayBuilder()
                    .add(toolCall(callId, tool, String.join("", argumentPieces))));
      }
      sendJson(
          exchange,
          200,
          Json.createObjectBuilder()
              .add("id", "chatcmpl-stub")
              .add("object", "chat.completion")
              .add("created", 1_700_000_000)
              .add("model", model)
              .add(
                  "choices",
                  Json.createArrayBuilder()
                      .add(
                          Json.createObjectBuilder()
                              .add("index", 0)
                              .add("message", message)
                              .addNull("logprobs")
                              .add("finish_reason", tool == null ? "stop" : "tool_calls")))
              .add("usage", reportUsage ? usage : JsonValue.NULL)
              .build());
      return;
    }
    JsonObject options = request.getJsonObject("stream_options");
    boolean includeUsage =
        reportUsage && options != null && options.getBoolean("include_usage", false);
    List<String> events = new ArrayList<>();
    if (tool == null) {
      events.add(
          chunk(
              model,
              Json.createObjectBuilder().add("role", "assistant").add("content", ""),
              null,
              includeUsage));
      for (String piece : content) {
        events.add(
            chunk(model, Json.createObjectBuilder().add("content", piece), null, includeUsage));
      }
    } else {
      events.add(
          chunk(
              model,
              Json.createObjectBuilder()
                  .add("role", "assistant")
                  .addNull("content")
                  .add(
                      "tool_calls",
                      Json.createArrayBuilder().add(toolCall(callId, tool, "").add("index", 0))),
              null,
              includeUsage));
      for (String piece : argumentPieces) {
        JsonObjectBuilder delta =
            Json.createObjectBuilder()
                .add(
                    "tool_calls",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("index", 0)
                                .add(
                                    "function",
                                    Json.createObjectBuilder().add("arguments", piece))));
        events.add(chunk(model, delta, null, includeUsage));
      }
    }
    events.add(
        chunk(
            model, Json.createObjectBuilder(), tool == null ? "stop" : "tool_calls", includeUsage));
    if (includeUsage) {
      events.add(
          Json.createObjectBuilder()
              .add("id", "chatcmpl-stub")
              .add("object", "chat.completion.chunk")
              .add("created", 1_700_000_000)
              .add("model", model)
              .add("choices", JsonValue.EMPTY_JSON_ARRAY)
              .add("usage", usage)
              .build()
              .toString());
    }
    stream(exchange, events, fault instanceof Disconnect drop ? drop.chunks() : -1);
  }

  private void stream(HttpExchange exchange, List<String> events, int dropAfter)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().add("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      for (int i = 0; i < events.size(); i++) {
        if (i == dropAfter) {
          throw new IOException("the stub drops the connection mid-stream"); // no final chunk
        }
        pause(chunkDelay);
        write(out, events.get(i));
        if (recordTraffic) {
          sentPayloads.add(events.get(i));
        }
        lastChunkSentNanos = System.nanoTime();
        CountDownLatch hold = holdAfterFirstChunk;
        if (i == 1 && hold != null) {
          awaitQuietly(hold, Duration.ofSeconds(5));
        }
      }
      write(out, "[DONE]");
      out.close();
    } catch (IOException e) {
      if (dropAfter < 0) {
        clientGone.countDown();
      }
      throw e;
    }
  }

  private static void write(OutputStream out, String payload) throws IOException {
    out.write(("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String chunk(
      String model, JsonObjectBuilder delta, String finishReason, boolean includeUsage) {
    JsonObjectBuilder choice =
        Json.createObjectBuilder().add("index", 0).add("delta", delta).addNull("logprobs");
    if (finishReason == null) {
      choice.addNull("finish_reason");
    } else {
      choice.add("finish_reason", finishReason);
    }
    JsonObjectBuilder chunk =
        Json.createObjectBuilder()
            .add("id", "chatcmpl-stub")
            .add("object", "chat.completion.chunk")
            .add("created", 1_700_000_000)
            .add("model", model)
            .add("choices", Json.createArrayBuilder().add(choice));
    if (includeUsage) {
      chunk.addNull("usage");
    }
    return chunk.build().toString();
  }

  private static JsonObjectBuilder toolCall(String id, String name, String arguments) {
    return Json.createObjectBuilder()
        .add("id", id)
        .add("type", "function")
        .add("function", Json.createObjectBuilder().add("name", name).add("arguments", arguments));
  }

  private static JsonObject error(String type) {
    return Json.createObjectBuilder()
        .add(
            "error",
            Json.createObjectBuilder()
                .add("message", "stub " + type + " error")
                .add("type", type + "_error")
                .addNull("param")
                .addNull("code"))
        .build();
  }

  private static void sendJson(HttpExchange exchange, int status, JsonObject body)
      throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static int words(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
  }

  private static void pause(Duration delay) {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
