package dev.mainspring.model.service.upstream;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A client for one provider instance that speaks the OpenAI HTTP API (vLLM, llama.cpp, an
 * OpenAI-compatible cloud). Request bodies go upstream as given; answers come back as JSON text, so
 * the gateway in front forwards what the provider said without remapping it.
 *
 * <pre>{@code
 * OpenAiUpstream upstream = new OpenAiUpstream(UpstreamSettings.of(URI.create(
 *     "http://127.0.0.1:8000/v1"), apiKey));
 * UpstreamResponse answer = upstream.chatCompletion(json);           // "stream": false
 * try (ChatStream stream = upstream.streamChatCompletion(json, out::writeSseData)) {
 *   StreamSummary summary = stream.await();                          // "stream": true
 * }
 * }</pre>
 *
 * <ul>
 *   <li>A 429, 502, 503 or 504 answer and a failed connection are retried, at most {@code
 *       maxRetries} times, after the Retry-After the upstream asked for (in seconds) or else an
 *       exponential backoff. A Retry-After longer than {@code maxRetryWait} is passed on at once.
 *       Nothing is retried once a successful answer began: a broken stream is the caller's error.
 *   <li>No status line within {@code firstByteTimeout}: 504, not retried (the upstream may still be
 *       generating). A 500 or other 5xx: 502. A 4xx other than 429 is the upstream refusing the
 *       request itself: returned as it is by the non-streamed calls, thrown as {@code
 *       upstream_rejected} by {@link #streamChatCompletion}; a 401 or 403 is Mainspring's
 *       misconfiguration, not the client's, and becomes a 502.
 * </ul>
 *
 * Thread-safe; one instance per provider instance, closed when it is no longer used.
 */
public final class OpenAiUpstream implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(OpenAiUpstream.class.getName());
  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private final UpstreamSettings settings;
  private final String name;
  private final HttpClient client;
  private final ScheduledExecutorService timer;

  public OpenAiUpstream(UpstreamSettings settings) {
    this.settings = settings;
    String base = settings.baseUrl().toString();
    this.name = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    ScheduledThreadPoolExecutor idleTimer =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, "upstream-idle-" + name);
              thread.setDaemon(true);
              return thread;
            });
    idleTimer.setRemoveOnCancelPolicy(true); // a finished stream's check leaves the queue at once
    this.timer = idleTimer;
  }

  /** {@code POST /chat/completions} without streaming. */
  public UpstreamResponse chatCompletion(String requestJson) {
    return complete(post("/chat/completions", requestJson, "application/json"));
  }

  /** {@code POST /embeddings}. */
  public UpstreamResponse embeddings(String requestJson) {
    return complete(post("/embeddings", requestJson, "application/json"));
  }

  /** {@code GET /models}. */
  public UpstreamResponse models() {
    return complete(request("/models", "application/json").GET().build());
  }

  /**
   * {@code POST /chat/completions} with {@code "stream": true} in {@code requestJson}. Returns once
   * the upstream answered 200 (after any retries); from then on {@code onData} receives each {@code
   * data:} payload, the JSON of one {@code chat.completion.chunk}, as it arrives. {@code [DONE]} is
   * not handed over: it completes the stream. Ask for {@code "stream_options": {"include_usage":
   * true}} to have the final chunk carry the usage.
   *
   * @throws UpstreamException when no stream could be started
   */
  public ChatStream streamChatCompletion(String requestJson, Consumer<String> onData) {
    long started = System.nanoTime();
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> response =
        exchange(post("/chat/completions", requestJson, "text/event-stream"), started);
    if (response.statusCode() != 200) {
      String body = readBody(response);
      throw failureOf(response.statusCode(), response.headers(), body);
    }
    ChatStream stream = new ChatStream(onData, name, started, settings.idleTimeout(), timer);
    response
        .body()
        .subscribe(BodySubscribers.fromLineSubscriber(stream.lines(), lines -> null, UTF8, null));
    return stream;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  @Override
  public String toString() {
    return "OpenAiUpstream[" + name + "]";
  }

  private UpstreamResponse complete(HttpRequest request) {
    long started = System.nanoTime();
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = exchange(request, started);
    Duration firstByte = Duration.ofNanos(System.nanoTime() - started);
    String body = readBody(response);
    int status = response.statusCode();
    if (status >= 500 || status == 429 || status == 401 || status == 403) {
      throw failureOf(status, response.headers(), body);
    }
    return new UpstreamResponse(status, body, firstByte);
  }

  private HttpRequest post(String path, String json, String accept) {
    return request(path, accept)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, UTF8))
        .build();
  }

  private HttpRequest.Builder request(String path, String accept) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(name + path))
            .timeout(settings.firstByteTimeout())
            .header("Accept", accept);
    if (settings.apiKey() != null) {
      builder.header("Authorization", "Bearer " + settings.apiKey());
    }
    return builder;
  }

  /**
   * Sends {@code request} until an answer worth keeping arrives, retrying only while no answer
   * began; returns as soon as the status line is in, with the body still unread.
   */
  private HttpResponse<Flow.Publisher<List<ByteBuffer>>> exchange(
      HttpRequest request, long started) {
    for (int attempt = 0; ; attempt++) {
      boolean lastAttempt = attempt >= settings.maxRetries();
      Duration backoff = backoff(attempt);
      CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> pending =
          client.sendAsync(request, BodyHandlers.ofPublisher());
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
      try {
        response =
            pending.get(
                settings.connectTimeout().plus(settings.firstByteTimeout()).toMillis(),
                TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        pending.cancel(true);
        throw noFirstByte(started);
      } catch (InterruptedException e) {
        pending.cancel(true);
        Thread.currentThread().interrupt();
        throw UpstreamException.unavailable(
            "the call to " + name + " was interrupted", Optional.empty());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (!isConnectFailure(cause)) {
          if (cause instanceof HttpTimeoutException) {
            throw noFirstByte(started);
          }
          throw UpstreamException.error(name + " failed before answering: " + cause);
        }
        if (lastAttempt) {
          throw UpstreamException.unavailable(
              "cannot connect to " + name + ": " + cause, Optional.empty());
        }
        LOG.log(Level.FINE, "connecting to {0} failed, retrying: {1}", new Object[] {name, cause});
        pause(backoff);
        continue;
      }
      int status = response.statusCode();
      if (!isRetryable(status)) {
        return response;
      }
      Optional<Long> retryAfter = retryAfterSeconds(response.headers());
      Duration wait = retryAfter.map(Duration::ofSeconds).orElse(backoff);
      if (lastAttempt || wait.compareTo(settings.maxRetryWait()) > 0) {
        return response;
      }
      discard(response);
      LOG.log(
          Level.FINE,
          "{0} answered {1}, retrying in {2} ms",
          new Object[] {name, status, wait.toMillis()});
      pause(wait);
    }
  }

  private Duration backoff(int attempt) {
    Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(attempt, 16));
    return wait.compareTo(settings.maxRetryWait()) > 0 ? settings.maxRetryWait() : wait;
  }

  private UpstreamException noFirstByte(long started) {
    return UpstreamException.timeout(
        name
            + " did not answer within "
            + settings.firstByteTimeout().toMillis()
            + " ms (after "
            + Duration.ofNanos(System.nanoTime() - started).toMillis()
            + " ms in all)");
  }

  private UpstreamException failureOf(int status, HttpHeaders headers, String body) {
    Optional<Long> retryAfter = retryAfterSeconds(headers);
    String said = name + " answered " + status;
    return switch (status) {
      case 429 -> UpstreamException.rateLimited(said, retryAfter);
      case 503 -> UpstreamException.unavailable(said, retryAfter);
      case 504 -> UpstreamException.timeout(said);
      default ->
          status >= 400 && status < 500 && status != 401 && status != 403 && status != 407
              ? UpstreamException.rejected(status, said, body)
              : UpstreamException.error(said);
    };
  }

  private String readBody(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
    BodySubscriber<String> text = BodySubscribers.ofString(UTF8);
    AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    response
        .body()
        .subscribe(
            new Flow.Subscriber<List<ByteBuffer>>() {
              @Override
              public void onSubscribe(Flow.Subscription given) {
                subscription.set(given);
                text.onSubscribe(given);
              }

              @Override
              public void onNext(List<ByteBuffer> item) {
                text.onNext(item);
              }

              @Override
              public void onError(Throwable error) {
                text.onError(error);
              }

              @Override
              public void onComplete() {
                text.onComplete();
              }
            });
    CompletableFuture<String> body = text.getBody().toCompletableFuture();
    try {
      return body.get(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Flow.Subscription reading = subscription.get();
      if (reading != null) {
        reading.cancel(); // closes the connection
      }
      throw UpstreamException.timeout(
          name + " sent no complete body within " + settings.idleTimeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.error("reading the answer of " + name + " was interrupted");
    } catch (ExecutionException e) {
      throw UpstreamException.error(name + " broke off its answer: " + e.getCause());
    }
  }

  private static void discard(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response) {
    response.body().subscribe(BodySubscribers.discarding());
  }

  private static boolean isRetryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  private static boolean isConnectFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  /** Retry-After in seconds; the HTTP-date form is ignored and the backoff applies. */
  static Optional<Long> retryAfterSeconds(HttpHeaders headers) {
    return headers
        .firstValue("Retry-After")
        .map(String::strip)
        .filter(value -> value.matches("\\d{1,9}"))
        .map(Long::valueOf);
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.unavailable("interrupted while waiting to retry", Optional.empty());
    }
  }
}
