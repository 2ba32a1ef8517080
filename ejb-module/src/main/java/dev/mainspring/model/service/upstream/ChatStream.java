package dev.mainspring.model.service.upstream;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A streamed chat completion under way: the upstream answered 200 and its SSE lines are being
 * handed, one {@code data:} payload at a time and as each arrives, to the consumer given to {@link
 * OpenAiUpstream#streamChatCompletion}. The consumer runs on the HTTP client's thread; the next
 * line is read only once it returns, so a slow consumer slows the upstream instead of filling
 * memory.
 *
 * <pre>{@code
 * try (ChatStream stream = upstream.streamChatCompletion(json, sink::send)) {
 *   StreamSummary summary = stream.await(); // after [DONE]; throws UpstreamException
 * }
 * }</pre>
 *
 * {@link #cancel()} (or {@link #close()}) closes the connection, for example when the downstream
 * client went away; a consumer that throws cancels the stream as well, and {@link #await()} throws
 * what it threw. The stream fails with 502 {@code upstream_error} when the connection breaks or
 * ends before {@code [DONE]}, and with 504 {@code upstream_timeout} after {@code idleTimeout}
 * without a line. It is never retried.
 */
public final class ChatStream implements AutoCloseable {

  private static final String DONE = "[DONE]";

  private final Consumer<String> onData;
  private final String upstream;
  private final long startedNanos;
  private final Duration idleTimeout;
  private final ScheduledExecutorService timer;
  private final CompletableFuture<StreamSummary> completion = new CompletableFuture<>();
  private final Lines lines = new Lines();

  private Flow.Subscription subscription;
  private boolean cancelRequested;
  private ScheduledFuture<?> idleCheck;
  private volatile long lastLineNanos;
  private int chunks;
  private TokenUsage usage;
  private Duration timeToFirstChunk;

  ChatStream(
      Consumer<String> onData,
      String upstream,
      long startedNanos,
      Duration idleTimeout,
      ScheduledExecutorService timer) {
    this.onData = onData;
    this.upstream = upstream;
    this.startedNanos = startedNanos;
    this.idleTimeout = idleTimeout;
    this.timer = timer;
  }

  /** The subscriber to attach to the response body's lines. */
  Flow.Subscriber<String> lines() {
    return lines;
  }

  /** Completes after {@code [DONE]} or a cancel, or fails with an {@link UpstreamException}. */
  public CompletionStage<StreamSummary> completion() {
    return completion.copy();
  }

  /** Waits for the end of the stream; the idle timeout bounds every wait for the next line. */
  public StreamSummary await() {
    try {
      return completion.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure; // an UpstreamException, or what the consumer threw
      }
      throw e;
    }
  }

  /** The time from the call to the first payload, once one has arrived. */
  public synchronized Optional<Duration> timeToFirstChunk() {
    return Optional.ofNullable(timeToFirstChunk);
  }

  /** Stops reading and closes the connection to the upstream; no payload follows. */
  public void cancel() {
    Flow.Subscription toCancel;
    synchronized (this) {
      cancelRequested = true;
      toCancel = subscription;
      stopIdleCheck();
    }
    if (toCancel != null) {
      toCancel.cancel();
    }
    completion.complete(summary(true));
  }

  @Override
  public void close() {
    if (!completion.isDone()) {
      cancel();
    }
  }

  private synchronized StreamSummary summary(boolean cancelled) {
    return new StreamSummary(
        chunks, Optional.ofNullable(usage), Optional.ofNullable(timeToFirstChunk), cancelled);
  }

  /**
   * Notes a line. The idle check is scheduled once and, when it fires early, again for the time
   * left since the last line, rather than rescheduled for every line.
   */
  private void restartIdleCheck() {
    lastLineNanos = System.nanoTime();
    synchronized (this) {
      if (idleCheck == null && !completion.isDone()) {
        idleCheck = timer.schedule(this::checkIdle, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
      }
    }
  }

  private void checkIdle() {
    long silent = System.nanoTime() - lastLineNanos;
    long left = idleTimeout.toNanos() - silent;
    synchronized (this) {
      if (idleCheck == null || completion.isDone()) {
        return;
      }
      if (left > 0) {
        idleCheck = timer.schedule(this::checkIdle, left, TimeUnit.NANOSECONDS);
        return;
      }
      idleCheck = null;
    }
    fallSilent();
  }

  private synchronized void stopIdleCheck() {
    if (idleCheck != null) {
      idleCheck.cancel(false);
      idleCheck = null;
    }
  }

  private void fallSilent() {
    fail(
        UpstreamException.timeout(
            upstream
                + " sent nothing for "
                + idleTimeout.toMillis()
                + " ms after "
                + chunks
                + " chunks"));
  }

  private void fail(UpstreamException failure) {
    Flow.Subscription toCancel;
    synchronized (this) {
      stopIdleCheck();
      toCancel = subscription;
    }
    if (toCancel != null) {
      toCancel.cancel();
    }
    completion.completeExceptionally(failure);
  }

  private void handle(String line) {
    if (!line.startsWith("data:")) {
      return; // blank separators, ": comments", event: and id: fields
    }
    String payload = line.substring(line.startsWith("data: ") ? 6 : 5);
    if (DONE.equals(payload.strip())) {
      stopIdleCheck();
      completion.complete(summary(false));
      return;
    }
    synchronized (this) {
      chunks++;
      if (timeToFirstChunk == null) {
        timeToFirstChunk = Duration.ofNanos(System.nanoTime() - startedNanos);
      }
      TokenUsage.of(payload).ifPresent(found -> usage = found);
    }
    onData.accept(payload);
  }

  /** Receives the body line by line, asking for the next only once a line is handled. */
  private final class Lines implements Flow.Subscriber<String> {

    @Override
    public void onSubscribe(Flow.Subscription given) {
      boolean cancelNow;
      synchronized (ChatStream.this) {
        subscription = given;
        cancelNow = cancelRequested;
      }
      if (cancelNow) {
        given.cancel();
        return;
      }
      restartIdleCheck();
      given.request(1);
    }

    @Override
    public void onNext(String line) {
      if (completion.isDone()) {
        subscription.request(1); // drain what follows [DONE]
        return;
      }
      restartIdleCheck();
      try {
        handle(line);
      } catch (RuntimeException consumerFailure) {
        completion.completeExceptionally(consumerFailure);
        cancel();
        return;
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      fail(
          UpstreamException.error(
              upstream + " broke the stream after " + chunks + " chunks: " + error));
    }

    @Override
    public void onComplete() {
      fail(UpstreamException.error(upstream + " ended the stream before [DONE]"));
    }
  }
}
