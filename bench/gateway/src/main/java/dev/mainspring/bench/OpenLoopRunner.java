package dev.mainspring.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one endpoint at a fixed rate, open loop: request {@code i} is planned for {@code start + i
 * / rate} and sent then, whether or not earlier ones have answered, through the asynchronous {@link
 * HttpClient} (which opens as many HTTP/1.1 connections as there are requests in flight). Latency
 * counts from the planned time. Requests not answered within the timeout (plus a grace period after
 * the last was sent) count as errors.
 */
final class OpenLoopRunner implements Runner {

  private static final Duration GRACE = Duration.ofSeconds(5);

  private final HttpClient client;
  private final Duration timeout;

  OpenLoopRunner(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** Runs {@code warmup} then {@code measured} at {@code rate}; the result covers the latter. */
  @Override
  public StepResult run(Endpoint endpoint, Mode mode, int rate, Duration warmup, Duration measured)
      throws InterruptedException {
    HttpRequest request = endpoint.request(mode, timeout);
    int warm = count(rate, warmup);
    int total = warm + count(rate, measured);
    List<Call> calls = new ArrayList<>(total);
    List<CompletableFuture<?>> exchanges = new ArrayList<>(total);
    List<CompletableFuture<?>> recordings = new ArrayList<>(total);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long maxLag = 0;
    for (int i = 0; i < total; i++) {
      long planned = start + i * 1_000_000_000L / rate;
      waitUntil(planned);
      maxLag = Math.max(maxLag, System.nanoTime() - planned);
      Call call = new Call(planned, mode.streamed());
      calls.add(call);
      CompletableFuture<?> exchange = client.sendAsync(request, call);
      exchanges.add(exchange);
      recordings.add(exchange.whenComplete((response, failure) -> call.finish(failure)));
    }
    awaitAll(exchanges, recordings);
    List<Call> recorded = calls.subList(warm, total);
    long windowStart = recorded.isEmpty() ? start : recorded.get(0).plannedNanos();
    return StepResult.of(rate, recorded, windowStart, maxLag / 1e6);
  }

  /**
   * Waits until every call has recorded its end; past the timeout and grace, cancels the exchanges
   * still open (those calls then count as unfinished).
   */
  private void awaitAll(List<CompletableFuture<?>> exchanges, List<CompletableFuture<?>> recordings)
      throws InterruptedException {
    try {
      CompletableFuture.allOf(recordings.toArray(CompletableFuture[]::new))
          .get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchanges.forEach(exchange -> exchange.cancel(true));
    } catch (ExecutionException e) {
      // every call has ended (allOf waits for all); each recorded its own failure
    }
  }

  private static int count(int rate, Duration span) {
    return (int) (rate * span.toMillis() / 1000);
  }

  private static void waitUntil(long deadline) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
