package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.gateway.UsageRecord;
import dev.mainspring.inference.service.upstream.ChatStream;
import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.TokenUsage;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.inference.service.upstream.UpstreamResponse;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One routed chat completion call, made by {@link Gateway#chat}. Run it once, with {@link
 * #complete()} (non-streamed) or {@link #open()} then {@link #relayTo(OutputStream)} (streamed);
 * either way it is metered exactly once when it ends, also when the client disconnects, and the
 * provider's permit is returned.
 *
 * <p>Streaming: the thread writing the response reads the provider's stream and writes each SSE
 * payload as {@code data: <payload>}, flushing whenever it has caught up with what arrived, so
 * tokens reach the client as they arrive and a slow client slows the provider rather than filling
 * memory. A client that went away is noticed at the next write, which closes the provider's
 * connection. Mainspring asks the provider for the usage chunk; when the client did not ask for it,
 * that chunk is not forwarded.
 */
public final class ChatCall {

  private static final Logger LOG = Logger.getLogger(ChatCall.class.getName());
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private final Gateway gateway;
  private final OpenAiUpstream upstream;
  private final Gateway.Route route;
  private final ProviderGuards.Guard guard;
  private final JsonArray messages;
  private final JsonValue tools;
  private final String upstreamJson;
  private final boolean clientWantsUsage;
  private final UsageRecord record;
  private final long startedNanos = System.nanoTime();
  private final AtomicBoolean ended = new AtomicBoolean();

  private ChatStream stream;
  private OutputStream client;
  private TokenUsage reportedUsage;
  private final StringBuilder completionText = new StringBuilder();
  private CallOutcome answered;
  private Duration answeredFirstByte;

  ChatCall(
      Gateway gateway,
      OpenAiUpstream upstream,
      Gateway.Route route,
      ProviderGuards.Guard guard,
      JsonArray messages,
      JsonValue tools,
      String upstreamJson,
      boolean clientWantsUsage,
      UsageRecord record) {
    this.gateway = gateway;
    this.upstream = upstream;
    this.route = route;
    this.guard = guard;
    this.messages = messages;
    this.tools = tools;
    this.upstreamJson = upstreamJson;
    this.clientWantsUsage = clientWantsUsage;
    this.record = record;
  }

  /** Whether the client asked for a stream. */
  public boolean streamed() {
    return record.isStreamed();
  }

  /** The model key the call was routed to. */
  public String model() {
    return route.model().key();
  }

  /**
   * Runs a non-streamed call and meters it: the provider's JSON answer. Throws {@link
   * UpstreamException} when the provider failed or refused ({@code upstream_rejected} carries its
   * body for the client).
   */
  public String complete() {
    String body = fetch();
    end(answered, answeredFirstByte);
    return body;
  }

  /**
   * Runs a non-streamed call, metering a failure at once and leaving a success to be metered by
   * {@link #deliver} once the client has the answer: the usage record's commit is then not part of
   * the client's wait.
   */
  public String fetch() {
    Duration firstByte = null;
    try {
      UpstreamResponse answer = upstream.chatCompletion(upstreamJson);
      firstByte = answer.timeToFirstByte();
      if (!answer.isSuccess()) {
        throw UpstreamException.rejected(
            answer.status(), "the provider refused the request", answer.body());
      }
      Optional<TokenUsage> usage = answer.usage();
      answered =
          usage
              .map(u -> CallOutcome.success(u.promptTokens(), u.completionTokens(), false))
              .orElseGet(
                  () ->
                      CallOutcome.success(
                          promptEstimate(), completionEstimate(answer.body()), true));
      answeredFirstByte = firstByte;
      return answer.body();
    } catch (UpstreamException e) {
      end(CallOutcome.of(e), firstByte); // a refusal (4xx) is metered as rejected
      throw e;
    } catch (RuntimeException e) {
      end(CallOutcome.failure("upstream_error", 502), firstByte);
      throw e;
    }
  }

  /**
   * Writes the answer {@link #fetch} returned, ends the response, then meters the call. A client
   * that went away still consumed the tokens: the call is metered as answered.
   */
  public void deliver(OutputStream out, String body) {
    try {
      out.write(body.getBytes(StandardCharsets.UTF_8));
      out.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "the client left before the answer of {0} was written", model());
    } finally {
      end(answered, answeredFirstByte);
    }
  }

  /**
   * Starts a streamed call; returns once the provider answered 200, so that a failure before the
   * first byte still reaches the client as an ordinary error response.
   */
  public void open() {
    try {
      stream = upstream.streamChatCompletion(upstreamJson, this::forward);
    } catch (RuntimeException e) {
      end(
          e instanceof UpstreamException u
              ? CallOutcome.of(u)
              : CallOutcome.failure("upstream_error", 502),
          null);
      throw e;
    }
  }

  /**
   * Reads the provider's stream on the calling thread and writes each payload to the client as it
   * arrives, until the stream ends; never throws for a client that went away.
   */
  public void relayTo(OutputStream out) {
    client = out;
    CallOutcome outcome = null;
    ChatStream reading = stream;
    try (reading) {
      try {
        reading.await(this::flushClient);
        out.write(DONE);
        out.flush();
        outcome = tokens(CallOutcome.success(0, 0, false));
        out.close(); // the client has all; draining the upstream and metering come after
      } catch (UpstreamException failure) {
        outcome = tokens(CallOutcome.of(failure));
        out.write(DATA);
        out.write(errorEvent(failure).getBytes(StandardCharsets.UTF_8));
        out.write(END);
        out.flush();
        out.close();
      }
    } catch (IOException | ClientGone e) {
      if (outcome == null) {
        outcome = tokens(CallOutcome.clientDisconnected(0, 0));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "relaying the stream of " + model() + " failed", e);
    } finally {
      if (outcome == null) {
        outcome = tokens(CallOutcome.failure("upstream_error", 502));
      }
      end(outcome, stream.timeToFirstChunk().orElse(null));
    }
  }

  /** Writes one payload to the client, unless it is the usage chunk the client did not ask for. */
  private void forward(String payload) {
    if (inspect(payload)) {
      try {
        client.write(DATA);
        client.write(payload.getBytes(StandardCharsets.UTF_8));
        client.write(END);
      } catch (IOException e) {
        throw new ClientGone(e); // the stream cancels itself and await() rethrows this
      }
    }
  }

  /** Sends what was written once the provider's stream has nothing more waiting. */
  private void flushClient() {
    try {
      client.flush();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  /** The client's connection failed while a payload was written to it. */
  private static final class ClientGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super(cause);
    }
  }

  /**
   * Notes the chunk's usage and text; false when it must not be forwarded (the usage chunk the
   * client did not ask for). Only a chunk that carries usage (one per stream) is read whole.
   */
  private boolean inspect(String payload) {
    appendGeneratedText(payload, "delta");
    if (!TokenUsage.carriesUsage(payload)) {
      return true;
    }
    JsonObject chunk;
    try (JsonReader reader = Jsons.reader(payload)) {
      chunk = reader.readObject();
    } catch (JsonException | IllegalStateException e) {
      return true;
    }
    boolean usageOnly = false;
    if (chunk.get("usage") instanceof JsonObject usage) {
      Optional<TokenUsage> parsed = TokenUsage.of(usage);
      if (parsed.isPresent()) {
        reportedUsage = parsed.get();
        usageOnly = chunk.get("choices") instanceof JsonArray choices && choices.isEmpty();
      }
    }
    return !usageOnly || clientWantsUsage;
  }

  /**
   * Appends the generated text of a chunk ({@code holder} "delta") or a whole answer ("message"):
   * the holder's {@code content} and its tool calls' function {@code name} and {@code arguments},
   * reading the JSON as a stream of events without building it. False when it is not JSON.
   */
  private boolean appendGeneratedText(String json, String holder) {
    Deque<String> opened = new ArrayDeque<>(); // the key each open object or array is under
    String key = null;
    try (JsonParser parser = Jsons.parser(json)) {
      while (parser.hasNext()) {
        switch (parser.next()) {
          case START_OBJECT, START_ARRAY -> {
            opened.push(key == null ? "" : key);
            key = null;
          }
          case END_OBJECT, END_ARRAY -> {
            opened.pop();
            key = null;
          }
          case KEY_NAME -> key = parser.getString();
          case VALUE_STRING -> {
            String under = opened.peek();
            if (("content".equals(key) && holder.equals(under))
                || (("name".equals(key) || "arguments".equals(key)) && "function".equals(under))) {
              completionText.append(parser.getString());
            }
            key = null;
          }
          default -> key = null;
        }
      }
    } catch (JsonException | NoSuchElementException e) {
      return false; // a chunk that is not JSON is forwarded as it is, with no text to count
    }
    return true;
  }

  /** The outcome with the tokens the provider reported, or else counted here (estimated). */
  private CallOutcome tokens(CallOutcome outcome) {
    if (reportedUsage != null) {
      return outcome.withTokens(
          reportedUsage.promptTokens(), reportedUsage.completionTokens(), false);
    }
    return outcome.withTokens(
        promptEstimate(), gateway.tokens().count(completionText.toString()), true);
  }

  private long promptEstimate() {
    TokenCounter counter = gateway.tokens();
    return counter.countMessages(messages) + (tools == null ? 0 : counter.countValue(tools));
  }

  private long completionEstimate(String body) {
    return appendGeneratedText(body, "message")
        ? gateway.tokens().count(completionText.toString())
        : 0;
  }

  private void end(CallOutcome outcome, Duration timeToFirstToken) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      gateway.finish(route, guard, record, outcome, startedNanos, timeToFirstToken);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "could not meter the call " + record.getRequestId(), e);
    }
  }

  /** An OpenAI-style error event for a stream that broke after it began. */
  static String errorEvent(UpstreamException failure) {
    return Jsons.object()
        .add(
            "error",
            Jsons.object()
                .add("message", failure.getMessage())
                .add("type", "api_error")
                .add("param", JsonValue.NULL)
                .add("code", failure.code()))
        .build()
        .toString();
  }
}
