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
 * A streamed chat completion whose upstream answered 200, read on the calling thread. Pull it with
 * {@link #next()}, which returns each {@code data:} payload (the JSON of one {@code
 * chat.completion.chunk}) as it arrives and {@code null} after {@code [DONE]}; {@link #caughtUp()}
 * says whether the next payload would have to be waited for, the moment for a consumer that writes
 * to a client to flush. The next line is read only when asked for, so a slow consumer slows the
 * upstream instead of filling memory.
 *
 * <pre>{@code
 * try (ChatStream stream = upstream.streamChatCompletion(json)) {
 *   for (String chunk = stream.next(); chunk != null; chunk = stream.next()) { // throws UpstreamException
 *     client.write(chunk);
 *     if (stream.caughtUp()) client.flush();
 *   }
 * }
 * }</pre>
 *
 * Streams made with a consumer ({@link OpenAiUpstream#streamChatCompletion(String,
 * java.util.function.Consumer)}) can instead be read whole by {@link #await()}, which hands every
 * payload to the consumer.
 *
 * <p>{@link #cancel()}, from any thread, closes the connection, for example when the downstream
 * client went away; {@link #next()} then returns {@code null}. The stream fails with 502 {@code
 * upstream_error} when the connection breaks or ends before {@code [DONE]}, and with 504 {@code
 * upstream_timeout} after {@code idleTimeout} without a byte (the socket's read timeout). It is
 * never retried. {@link #close()} reads what follows {@code [DONE]} (the end of the body), so the
 * connection goes back to the pool, or closes it when the stream did not end; a stream that failed
 * or was cancelled is closed at once.
 */
public final class ChatStream implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ChatStream.class.getName());
  private static final String DONE = "[DONE]";
  private static final String DATA_PREFIX = "data:";
  private static final int LOOKAHEAD = 64 * 1024;
  private static final int IDLE = 0;
  private static final int READING = 1;
  private static final int ENDED = 2;

  private final Cancellable request;
  private final ClassicHttpResponse response;
  private final Consumer<String> onData;
  private final String upstream;
  private final String where;
  private final long startedNanos;
  private final Duration idleTimeout;
  private final Runnable release;
  private final AtomicInteger state = new AtomicInteger(IDLE);
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
      String where,
      long startedNanos,
      Duration idleTimeout,
      Runnable release) {
    this.request = request;
    this.response = response;
    this.onData = onData;
    this.upstream = upstream;
    this.where = where;
    this.startedNanos = startedNanos;
    this.idleTimeout = idleTimeout;
    this.release = release;
  }

  /**
   * The next payload, waiting for it; {@code null} after {@code [DONE]} or a cancel. Call it from
   * one thread at a time.
   *
   * @throws UpstreamException when the upstream broke the stream or fell silent; the stream is then
   *     closed
   */
  public String next() {
    if (!state.compareAndSet(IDLE, READING)) {
      if (state.get() == ENDED) {
        return null;
      }
      throw new IllegalStateException("the stream is read by one thread at a time");
    }
    boolean payload = false;
    try {
      if (done || cancelled) {
        return null;
      }
      if (lines == null) {
        HttpEntity body = response.getEntity();
        if (body == null) {
          throw UpstreamException.error(upstream + " answered 200 without a stream")
              .withDetail(where + " answered without a body", null);
        }
        lines =
            new BufferedReader(new InputStreamReader(body.getContent(), StandardCharsets.UTF_8));
      }
      for (String line = lines.readLine(); line != null && !cancelled; line = lines.readLine()) {
        if (line.startsWith("data:")) {
          String data = line.substring(line.startsWith("data: ") ? 6 : 5);
          if (DONE.equals(data.strip())) {
            done = true;
            return null;
          }
          chunks++;
          if (timeToFirstChunk == null) {
            timeToFirstChunk = Duration.ofNanos(System.nanoTime() - startedNanos);
          }
          TokenUsage.of(data).ifPresent(found -> usage = found);
          payload = true;
          return data;
        }
      }
      if (cancelled) {
        return null;
      }
      throw UpstreamException.error(upstream + " ended the stream before [DONE]")
          .withDetail(where + " closed the stream early", null);
    } catch (SocketTimeoutException e) {
      if (cancelled) {
        return null;
      }
      throw UpstreamException.timeout(
              upstream
                  + " sent nothing for "
                  + idleTimeout.toMillis()
                  + " ms after "
                  + chunks
                  + " chunks")
          .withDetail(where + " fell silent", null);
    } catch (IOException e) {
      if (cancelled) {
        return null;
      }
      throw UpstreamException.error(upstream + " broke the stream after " + chunks + " chunks")
          .withDetail("reading the stream of " + where + " failed", e);
    } finally {
      if (payload || done) {
        state.set(IDLE);
        if (cancelled) { // cancelled while this payload was read: nobody else ends the call
          close();
        }
      } else {
        state.set(ENDED);
        end();
      }
    }
  }

  /**
   * Whether the next payload has not fully arrived yet, so {@link #next()} would wait for it: the
   * moment to flush what was written of the payloads so far. Lines that carry no payload (the blank
   * line ending each event, comments) are skipped when they are already here.
   */
  public boolean caughtUp() {
    if (lines == null || done || cancelled) {
      return true;
    }
    try {
      while (lines.ready()) {
        lines.mark(LOOKAHEAD);
        int read = 0;
        boolean data = true;
        int c;
        while (true) {
          if (!lines.ready()) {
            lines.reset(); // a line still arriving: next() would wait for its end
            return true;
          }
          c = lines.read();
          if (c == -1 || c == '\n' || c == '\r') {
            break;
          }
          if (read < DATA_PREFIX.length() && c != DATA_PREFIX.charAt(read)) {
            data = false;
          }
          if (++read >= LOOKAHEAD - 1) {
            lines.reset(); // a long line, surely a payload: next() reads it without waiting long
            return false;
          }
        }
        if (c == -1 || (data && read >= DATA_PREFIX.length())) {
          lines.reset();
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return true; // next() will meet the failure
    }
  }

  /** Whether the stream ended with {@code [DONE]}. */
  public boolean done() {
    return done;
  }

  /** The usage the stream's final chunk carried, once it has arrived. */
  public Optional<TokenUsage> usage() {
    return Optional.ofNullable(usage);
  }

  /**
   * Reads the stream to its end, handing every payload to the consumer the stream was made with;
   * returns after {@code [DONE]} or a cancel. Call it once.
   *
   * @throws UpstreamException when the upstream broke the stream or fell silent
   */
  public StreamSummary await() {
    return await(() -> {});
  }

  /**
   * As {@link #await()}, and runs {@code caughtUp} whenever payloads were handed over and nothing
   * more of the stream has arrived yet. When the consumer or {@code caughtUp} throws, the stream is
   * cancelled and this throws what it threw.
   */
  public StreamSummary await(Runnable caughtUp) {
    if (onData == null) {
      throw new IllegalStateException("this stream was made without a consumer: read it by next()");
    }
    boolean handedOver = false;
    for (String payload = next(); payload != null; payload = next()) {
      String handed = payload;
      runConsumer(() -> onData.accept(handed));
      handedOver = true;
      if (caughtUp()) {
        handedOver = false;
        runConsumer(caughtUp);
      }
    }
    if (handedOver) {
      runConsumer(caughtUp);
    }
    return summary();
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
   * again; otherwise, or when that fails, closes the connection. A close from another thread while
   * {@link #next()} waits cancels the stream, and the reading thread ends the call.
   */
  @Override
  public void close() {
    if (state.compareAndSet(IDLE, ENDED)) {
      if (!done) {
        cancel();
      }
      end();
      return;
    }
    if (state.get() == READING) {
      cancel();
      return;
    }
    end();
  }

  /** Runs the consumer's code; when it throws, cancels the stream and passes the failure on. */
  private void runConsumer(Runnable consumerCode) {
    try {
      consumerCode.run();
    } catch (RuntimeException consumerFailure) {
      close();
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
