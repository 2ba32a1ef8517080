package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.service.upstream.ChatStream;
import dev.mainspring.inference.service.upstream.TokenUsage;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A streamed chat answer, pulled chunk by chunk on the caller's thread as the provider sends it
 * ({@link Gateway#stream}). Close it: the call is metered exactly once, when it ends, whichever way
 * that is.
 *
 * <pre>{@code
 * try (ChatChunks chunks = gateway.stream(caller, request, requestId)) {
 *   for (Optional<ChatChunk> chunk = chunks.next(); chunk.isPresent(); chunk = chunks.next()) {
 *     send(chunk.get());                     // a failure here: close() meters the consumer's leave
 *     if (chunks.caughtUp()) flush();        // nothing more has arrived: tokens reach the client now
 *   }
 *   TokenCount used = chunks.tokens();       // the provider's usage, or counted here
 * }
 * }</pre>
 *
 * How the call ends, as metered: after the provider's {@code [DONE]}, {@code success}; when the
 * provider breaks the stream or falls silent, {@link #next()} throws its {@link UpstreamException}
 * and the failure is metered at once; when the caller closes the chunks before their end (its
 * client left), {@code client_disconnected}, and the provider's connection is closed. Tokens are
 * the provider's usage when it sent one, else counted from the prompt and the generated text
 * (estimated). The provider's usage chunk is handed over only when the request asked for it ({@code
 * stream_options.include_usage}); Mainspring always asks the provider for it.
 */
public final class ChatChunks implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ChatChunks.class.getName());

  private final ChatStream stream;
  private final ChatRequest request;
  private final String model;
  private final TokenCounter counter;
  private final CallEnd callEnd;
  private final CompletionText generated = new CompletionText();
  private final AtomicBoolean ended = new AtomicBoolean();

  private TokenUsage reported;
  private boolean completed;

  ChatChunks(
      ChatStream stream, ChatRequest request, String model, TokenCounter counter, CallEnd callEnd) {
    this.stream = stream;
    this.request = request;
    this.model = model;
    this.counter = counter;
    this.callEnd = callEnd;
  }

  /** The model key the call was routed to. */
  public String model() {
    return model;
  }

  /**
   * The next chunk, waiting for it; empty after the provider's last one (or once the chunks were
   * cancelled).
   *
   * @throws UpstreamException when the provider broke the stream or fell silent
   */
  public Optional<ChatChunk> next() {
    try {
      while (true) {
        String payload = stream.next();
        if (payload == null) {
          completed = stream.done();
          return Optional.empty();
        }
        if (inspect(payload)) {
          return Optional.of(new ChatChunk(payload));
        }
      }
    } catch (UpstreamException failure) {
      end(counted(CallOutcome.of(failure)));
      throw failure;
    } catch (RuntimeException e) {
      end(counted(CallOutcome.failure("upstream_error", 502)));
      throw e;
    }
  }

  /**
   * Whether the next chunk has not arrived yet: the moment to flush what was written so far, so
   * that tokens reach a client as they arrive.
   */
  public boolean caughtUp() {
    return stream.caughtUp();
  }

  /** Stops the stream from any thread: {@link #next()} returns empty, the provider is let go. */
  public void cancel() {
    stream.cancel();
  }

  /** The tokens of the call so far: the provider's usage once it arrived, else counted here. */
  public TokenCount tokens() {
    return reported != null
        ? TokenCount.reported(reported)
        : new TokenCount(Prompts.tokens(counter, request), counter.count(generated.text()), true);
  }

  /**
   * Ends the call: after the last chunk, reads the rest of the provider's answer so its connection
   * can be used again; before it, closes that connection. Meters the call if nothing did yet.
   */
  @Override
  public void close() {
    try {
      stream.close();
    } finally {
      end(
          counted(
              completed ? CallOutcome.success(0, 0, false) : CallOutcome.clientDisconnected(0, 0)));
    }
  }

  /**
   * Notes the chunk's usage and text; false when it must not be handed over (the usage chunk the
   * request did not ask for). Only a chunk that carries usage (one per stream) is read whole.
   */
  private boolean inspect(String payload) {
    generated.addChunk(payload);
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
        reported = parsed.get();
        usageOnly = chunk.get("choices") instanceof JsonArray choices && choices.isEmpty();
      }
    }
    return !usageOnly || request.includeUsage();
  }

  private CallOutcome counted(CallOutcome outcome) {
    return outcome.withTokens(tokens());
  }

  private void end(CallOutcome outcome) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      callEnd.end(outcome, stream.timeToFirstChunk().orElse(null));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "could not meter a call of " + model, e);
    }
  }
}
