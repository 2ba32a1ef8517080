package dev.mainspring.inference.service.upstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;

/**
 * A streamed chat completion whose upstream answered 200. {@link #await()} reads its SSE lines on
 * the calling thread and hands each {@code data:} payload to the consumer given to {@link
 * OpenAiUpstream#streamChatCompletion} as it arrives; the next line is read only once the consumer
 * returns, so a slow consumer slows the upstream instead of filling memory.
 *
 * <pre>{@code
 * try (ChatStream stream = upstream.streamChatCompletion(json, sink::send)) {
 *   StreamSummary summary = stream.await(); // after [DONE]; throws UpstreamException
 * }
 * }</pre>
 *
 * {@link #cancel()}, from any thread, closes the connection, for example when the downstream client
 * went away; {@link #await()} then returns a cancelled summary. A consumer that throws cancels the
 * stream as well, and {@link #await()} throws what it threw. The stream fails with 502 {@code
 * upstream_error} when the connection breaks or ends before {@code [DONE]}, and with 504 {@code
 * upstream_timeout} after {@code idleTimeout} without a byte (the socket's read timeout). It is
 * never retried. {@link #close()} reads what follows {@code [DONE]} (the end of the body), so the
 * connection goes back to the pool, or closes it when the stream did not end.
 */
public final class ChatStream implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ChatStream.class.getName());
  private static final String DONE = "[DONE]";
  private static final int NEW = 0;
  private static final int READING = 1;
  private static final int ENDED = 2;

  private final Cancellable request;
  private final ClassicHttpResponse response;
  private final Consumer<String> onData;
  private final String upstream;
  private final long startedNanos;
  private final Duration idleTimeout;
  private final Runnable release;
  private final AtomicInteger state = new AtomicInteger(NEW);
  private final AtomicBoolean released = new AtomicBoolean();

  private BufferedReader lines;
  private volatile boolean cancelled;
  private boolean done;
  private int chunks;
  private TokenUsage usage;
  private volatile Duration timeToFirstChunk;

  ChatStream(
      Cancellable request,
      ClassicHttpResponse response,
      Consumer<String> onData,
      String upstream,
      long startedNanos,
      Duration idleTimeout,
      Runnable release) {
    this.request = request;
    this.response = response;
    this.onData = onData;
    this.upstream = upstream;
    this.startedNanos = startedNanos;
    this.idleTimeout = idleTimeout;
    this.release = release;
  }

  /**
   * Reads the stream to its end, handing over every payload; returns after {@code [DONE]} or a
   * cancel. Call it once.
   *
   * @throws UpstreamException when the upstream broke the stream or fell silent
   */
  public StreamSummary await() {
    return await(() -> {});
  }

  /**
   * As {@link #await()}, and runs {@code caughtUp} whenever payloads were handed over and nothing
   * more of the stream has arrived yet: the moment for a consumer that writes to a client to flush.
   * When it throws, the stream is cancelled and this throws what it threw.
   */
  public StreamSummary await(Runnable caughtUp) {
    if (!state.compareAndSet(NEW, READING)) {
      if (cancelled) {
        return summary();
      }
      throw new IllegalStateException("the stream is read once");
    }
    try {
      HttpEntity body = response.getEntity();
      if (body == null) {
        throw UpstreamException.error(upstream + " answered 200 without a stream");
      }
      lines = new BufferedReader(new InputStreamReader(body.getContent(), StandardCharsets.UTF_8));
      boolean handedOver = false;
      for (String line = lines.readLine(); line != null && !cancelled; line = lines.readLine()) {
        if (line.startsWith("data:")) {
          if (handle(line.substring(line.startsWith("data: ") ? 6 : 5))) {
            return summary();
          }
          handedOver = true;
        }
        if (handedOver && !lines.ready()) {
          handedOver = false;
          runConsumer(caughtUp);
        }
      }
      if (cancelled) {
        return summary();
      }
      throw UpstreamException.error(upstream + " ended the stream before [DONE]");
    } catch (SocketTimeoutException e) {
      if (cancelled) {
        return summary();
      }
      throw UpstreamException.timeout(
          upstream
              + " sent nothing for "
              + idleTimeout.toMillis()
              + " ms after "
              + chunks
              + " chunks");
    } catch (IOException e) {
      if (cancelled) {
        return summary();
      }
      throw UpstreamException.error(
          upstream + " broke the stream after " + chunks + " chunks: " + e);
    } finally {
      state.set(ENDED);
      if (!done) {
        end();
      }
    }
  }

  /** The time from the call to the first payload, once one has arrived. */
  public Optional<Duration> timeToFirstChunk() {
    return Optional.ofNullable(timeToFirstChunk);
  }

  /** Stops reading and closes the connection to the upstream; no payload follows. */
  public void cancel() {
    cancelled = true;
    request.cancel();
  }

  /**
   * Ends the call: after {@code [DONE]}, reads the rest of the body so the connection can be used
   * again; otherwise, or when that fails, closes the connection.
   */
  @Override
  public void close() {
    if (state.compareAndSet(NEW, ENDED)) {
      cancel();
      end();
      return;
    }
    if (state.get() == READING) {
      cancel(); // the reading thread ends the call
      return;
    }
    end();
  }

  /** Handles one payload; true at {@code [DONE]}. */
  private boolean handle(String payload) {
    if (DONE.equals(payload.strip())) {
      done = true;
      return true;
    }
    chunks++;
    if (timeToFirstChunk == null) {
      timeToFirstChunk = Duration.ofNanos(System.nanoTime() - startedNanos);
    }
    TokenUsage.of(payload).ifPresent(found -> usage = found);
    runConsumer(() -> onData.accept(payload));
    return false;
  }

  /** Runs the consumer's code; when it throws, cancels the stream and passes the failure on. */
  private void runConsumer(Runnable consumerCode) {
    try {
      consumerCode.run();
    } catch (RuntimeException consumerFailure) {
      cancel();
      throw consumerFailure;
    }
  }

  private StreamSummary summary() {
    return new StreamSummary(
        chunks, Optional.ofNullable(usage), Optional.ofNullable(timeToFirstChunk), cancelled);
  }

  /** Closes the answer once: after [DONE] its body is drained, otherwise the connection closed. */
  private void end() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!done || cancelled) {
        request.cancel();
      }
      response.close(); // drains the rest of the body, handing the connection back
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the stream of {0} failed: {1}", new Object[] {upstream, e});
    } finally {
      release.run();
    }
  }
}
