package dev.mainspring.bench;

import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

/**
 * One request of a run: when it was planned to go out, and what happened. It is the body handler of
 * its own response, so it sees the first {@code data:} line of a stream the moment it arrives.
 * Times are {@link System#nanoTime()} values; latencies count from the planned send time, so a
 * request that the generator sent late is charged for the wait (no coordinated omission).
 */
final class Call implements BodyHandler<Void> {

  private final long plannedNanos;
  private final boolean streamed;

  private volatile int status;
  private volatile long firstDataNanos;
  private volatile boolean sawDone;
  private volatile boolean sawChoices;
  private volatile long endNanos;
  private volatile String error;
  private volatile boolean finished;

  Call(long plannedNanos, boolean streamed) {
    this.plannedNanos = plannedNanos;
    this.streamed = streamed;
  }

  @Override
  public BodySubscriber<Void> apply(HttpResponse.ResponseInfo response) {
    status = response.statusCode();
    if (status != 200) {
      return BodySubscribers.replacing(null);
    }
    if (streamed) {
      return BodySubscribers.fromLineSubscriber(
          new Lines(), lines -> null, StandardCharsets.UTF_8, null);
    }
    return BodySubscribers.mapping(
        BodySubscribers.ofString(StandardCharsets.UTF_8),
        body -> {
          sawChoices = body.contains("\"choices\"");
          return null;
        });
  }

  /** Records the end of the exchange, {@code failure} when it threw; the last thing done to it. */
  void finish(Throwable failure) {
    String reason = null;
    if (failure != null) {
      Throwable cause =
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause()
              : failure;
      reason =
          cause instanceof HttpTimeoutException
              ? "timeout"
              : cause instanceof CancellationException
                  ? "unfinished"
                  : cause.getClass().getSimpleName();
    }
    end(reason);
  }

  /** The lean generator's side: the response's status line was read. */
  void responded(int statusCode) {
    status = statusCode;
  }

  /** The lean generator's side: a stream's body text arrived (at least whole lines of it). */
  void streamText(String text) {
    int at = text.indexOf("data:");
    if (at >= 0 && firstDataNanos == 0) {
      firstDataNanos = System.nanoTime();
    }
    if (text.contains("data: [DONE]")) {
      sawDone = true;
    }
  }

  /** The lean generator's side: a whole answer's body. */
  void wholeBody(String body) {
    sawChoices = body.contains("\"choices\"");
  }

  /** Records the end of the exchange, with the reason it failed or without (null). */
  void end(String failure) {
    endNanos = System.nanoTime();
    if (failure != null) {
      error = failure;
    } else if (status != 200) {
      error = "status " + status;
    } else if (streamed && !sawDone) {
      error = "no [DONE]";
    } else if (!streamed && !sawChoices) {
      error = "no choices";
    }
    finished = true;
  }

  boolean streamedCall() {
    return streamed;
  }

  boolean finished() {
    return finished;
  }

  /** Why the call failed, or null when it succeeded (read after {@link #finished()}). */
  String error() {
    return error;
  }

  long plannedNanos() {
    return plannedNanos;
  }

  long endNanos() {
    return endNanos;
  }

  /** From the planned send time to the end of the response body. */
  long latencyNanos() {
    return endNanos - plannedNanos;
  }

  /** From the planned send time to the first {@code data:} line; 0 when there was none. */
  long timeToFirstDataNanos() {
    return firstDataNanos == 0 ? 0 : firstDataNanos - plannedNanos;
  }

  /** Notes the first {@code data:} line and the closing {@code data: [DONE]}. */
  private final class Lines implements Flow.Subscriber<String> {

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("data:")) {
        if (firstDataNanos == 0) {
          firstDataNanos = System.nanoTime();
        }
        if (line.substring(5).strip().equals("[DONE]")) {
          sawDone = true;
        }
      }
    }

    @Override
    public void onError(Throwable failure) {}

    @Override
    public void onComplete() {}
  }
}
