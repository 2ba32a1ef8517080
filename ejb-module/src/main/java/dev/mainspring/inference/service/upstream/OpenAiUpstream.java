package dev.mainspring.inference.service.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

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
 * <p>Calls block the calling thread, which in the gateway is the request thread that waits for the
 * answer anyway: no hand-off to other threads on the way up or down. Connections are kept alive in
 * a pool (a pooled connection idle for over a second is checked before reuse; one idle for 30
 * seconds is closed).
 *
 * <ul>
 *   <li>A 429, 502, 503 or 504 answer and a failed connection are retried, at most {@code
 *       maxRetries} times, after the Retry-After the upstream asked for (in seconds) or else an
 *       exponential backoff. A Retry-After longer than {@code maxRetryWait} is passed on at once.
 *       Nothing is retried once a successful answer began: a broken stream is the caller's error.
 *   <li>No status line within {@code firstByteTimeout} of sending the request: 504, not retried
 *       (the upstream may still be generating). A 500 or other 5xx: 502. A 4xx other than 429 is
 *       the upstream refusing the request itself: returned as it is by the non-streamed calls,
 *       thrown as {@code upstream_rejected} by {@link #streamChatCompletion}; a 401 or 403 is
 *       Mainspring's misconfiguration, not the client's, and becomes a 502.
 *   <li>Once the status line is in, every read of the body waits at most {@code idleTimeout}.
 * </ul>
 *
 * Thread-safe; one instance per provider instance, closed when it is no longer used. Calls under
 * way when it is closed finish first; the connections close when the last one ends.
 */
public final class OpenAiUpstream implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(OpenAiUpstream.class.getName());

  /**
   * Connections kept to one upstream at most. The provider's {@code max_concurrency} bounds the
   * calls in the gateway before this does; probes and model tests make a call at a time.
   */
  private static final int MAX_CONNECTIONS = 8192;

  private static final ContentType JSON = ContentType.APPLICATION_JSON;

  /** How failures name the upstream in their messages, which clients see. */
  private static final String PROVIDER = "the provider";

  private final UpstreamSettings settings;
  private final String name;
  private final HttpHost host;
  private final CloseableHttpClient client;

  /** The calls under way plus one while the client is open; the connections close at zero. */
  private final AtomicInteger users = new AtomicInteger(1);

  /** A client that connects wherever the URL's host resolves to, with no destination rules. */
  public OpenAiUpstream(UpstreamSettings settings) {
    this(settings, null);
  }

  /**
   * A client that connects only to addresses {@code destinations} allows, checked on every new
   * connection (a host name resolving elsewhere later is refused then); null for no rules.
   */
  public OpenAiUpstream(UpstreamSettings settings, DestinationPolicy destinations) {
    this.settings = settings;
    String base = settings.baseUrl().toString();
    this.name = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.host = HttpHost.create(settings.baseUrl());
    ConnectionConfig connections =
        ConnectionConfig.custom()
            .setConnectTimeout(timeout(settings.connectTimeout()))
            .setSocketTimeout(timeout(settings.firstByteTimeout()))
            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(
                        destinations == null
                            ? null
                            : destinations.dnsResolver(portOf(settings.baseUrl())))
                    .setDefaultConnectionConfig(connections)
                    .setMaxConnTotal(MAX_CONNECTIONS)
                    .setMaxConnPerRoute(MAX_CONNECTIONS)
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(timeout(settings.connectTimeout()))
                    .setResponseTimeout(timeout(settings.firstByteTimeout()))
                    .build())
            .setRequestExecutor(new IdleTimeoutAfterHead(timeout(settings.idleTimeout())))
            .setUserAgent("Mainspring")
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableConnectionState()
            .disableContentCompression()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .build();
  }

  /** {@code POST /chat/completions} without streaming. */
  public UpstreamResponse chatCompletion(String requestJson) {
    return complete(() -> post("/chat/completions", requestJson, "application/json"));
  }

  /** {@code POST /embeddings}. */
  public UpstreamResponse embeddings(String requestJson) {
    return complete(() -> post("/embeddings", requestJson, "application/json"));
  }

  /** {@code GET /models}. */
  public UpstreamResponse models() {
    return complete(() -> withHeaders(new HttpGet(name + "/models"), "application/json"));
  }

  /**
   * {@code GET path} below the base URL ({@code /key}, say), answered like {@link #models()}.
   *
   * @throws IllegalArgumentException when {@code path} does not start with a slash
   */
  public UpstreamResponse get(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("a path below the base URL starts with a slash");
    }
    return complete(() -> withHeaders(new HttpGet(name + path), "application/json"));
  }

  /**
   * {@code POST /chat/completions} with {@code "stream": true} in {@code requestJson}. Returns once
   * the upstream answered 200 (after any retries); {@link ChatStream#next()} then reads the stream
   * on the calling thread and returns each {@code data:} payload, the JSON of one {@code
   * chat.completion.chunk}, as it arrives. {@code [DONE]} is not returned: it ends the stream. Ask
   * for {@code "stream_options": {"include_usage": true}} to have the final chunk carry the usage.
   *
   * @throws UpstreamException when no stream could be started
   */
  public ChatStream streamChatCompletion(String requestJson) {
    return streamChatCompletion(requestJson, null);
  }

  /**
   * As {@link #streamChatCompletion(String)}, for a stream read whole by {@link
   * ChatStream#await()}, which hands each payload to {@code onData}.
   *
   * @throws UpstreamException when no stream could be started
   */
  public ChatStream streamChatCompletion(String requestJson, Consumer<String> onData) {
    long started = System.nanoTime();
    enter();
    boolean handedOver = false;
    try {
      Exchange exchange =
          exchange(() -> post("/chat/completions", requestJson, "text/event-stream"), started);
      ClassicHttpResponse response = exchange.response();
      if (response.getCode() != 200) {
        try (response) {
          throw failureOf(response, readBody(response));
        } catch (IOException e) {
          throw UpstreamException.error(PROVIDER + "'s answer could not be read")
              .withDetail("closing the answer of " + name + " failed", e);
        }
      }
      ChatStream stream =
          new ChatStream(
              exchange.request(),
              response,
              onData,
              PROVIDER,
              name,
              started,
              settings.idleTimeout(),
              this::leave);
      handedOver = true;
      return stream;
    } finally {
      if (!handedOver) {
        leave();
      }
    }
  }

  /** Stops taking calls; the connections close once the calls under way have ended. */
  @Override
  public void close() {
    leave();
  }

  @Override
  public String toString() {
    return "OpenAiUpstream[" + name + "]";
  }

  private void enter() {
    for (int now = users.get(); ; now = users.get()) {
      if (now == 0) {
        throw UpstreamException.unavailable(
                "the provider's configuration changed during the call; try again", Optional.empty())
            .withDetail("the client of " + name + " was replaced", null);
      }
      if (users.compareAndSet(now, now + 1)) {
        return;
      }
    }
  }

  private void leave() {
    if (users.decrementAndGet() == 0) {
      client.close(CloseMode.GRACEFUL);
    }
  }

  private UpstreamResponse complete(Supplier<HttpUriRequestBase> request) {
    long started = System.nanoTime();
    enter();
    try (ClassicHttpResponse response = exchange(request, started).response()) {
      Duration firstByte = Duration.ofNanos(System.nanoTime() - started);
      String body = readBody(response);
      int status = response.getCode();
      if (status >= 500 || status == 429 || status == 401 || status == 403) {
        throw failureOf(response, body);
      }
      return new UpstreamResponse(status, body, firstByte);
    } catch (IOException e) {
      throw UpstreamException.error(PROVIDER + "'s answer could not be read")
          .withDetail("closing the answer of " + name + " failed", e);
    } finally {
      leave();
    }
  }

  private HttpUriRequestBase post(String path, String json, String accept) {
    HttpPost post = new HttpPost(name + path);
    post.setEntity(new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8), JSON));
    return withHeaders(post, accept);
  }

  private HttpUriRequestBase withHeaders(HttpUriRequestBase request, String accept) {
    request.setHeader("Accept", accept);
    if (settings.apiKey() != null) {
      request.setHeader("Authorization", "Bearer " + settings.apiKey());
    }
    return request;
  }

  /** A request and the answer whose status line is in, its body still unread. */
  record Exchange(HttpUriRequestBase request, ClassicHttpResponse response) {}

  /**
   * Sends a fresh request from {@code requests} until an answer worth keeping arrives, retrying
   * only while no answer began; returns as soon as the status line is in, with the body unread.
   */
  private Exchange exchange(Supplier<HttpUriRequestBase> requests, long started) {
    for (int attempt = 0; ; attempt++) {
      boolean lastAttempt = attempt >= settings.maxRetries();
      Duration backoff = backoff(attempt);
      HttpUriRequestBase request = requests.get();
      ClassicHttpResponse response;
      try {
        response = client.executeOpen(host, request, null);
      } catch (IOException e) {
        if (!nothingReachedTheUpstream(e)) {
          if (e instanceof SocketTimeoutException) {
            throw noFirstByte(started);
          }
          throw UpstreamException.error(PROVIDER + " failed before answering")
              .withDetail(name + " failed before answering", e);
        }
        if (lastAttempt || e instanceof DestinationPolicy.DestinationRefusedException) {
          throw UpstreamException.unavailable(PROVIDER + " could not be reached", Optional.empty())
              .withDetail("cannot connect to " + name, e);
        }
        LOG.log(Level.FINE, "connecting to {0} failed, retrying: {1}", new Object[] {name, e});
        pause(backoff);
        continue;
      }
      int status = response.getCode();
      if (!isRetryable(status)) {
        return new Exchange(request, response);
      }
      Optional<Long> retryAfter = retryAfterSeconds(response.getFirstHeader("Retry-After"));
      Duration wait = retryAfter.map(Duration::ofSeconds).orElse(backoff);
      if (lastAttempt || wait.compareTo(settings.maxRetryWait()) > 0) {
        return new Exchange(request, response);
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
            PROVIDER + " did not answer within " + settings.firstByteTimeout().toMillis() + " ms")
        .withDetail(
            name
                + " sent no status line within "
                + settings.firstByteTimeout().toMillis()
                + " ms ("
                + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms in all, retries included)",
            null);
  }

  private UpstreamException failureOf(ClassicHttpResponse response, String body) {
    int status = response.getCode();
    Optional<Long> retryAfter = retryAfterSeconds(response.getFirstHeader("Retry-After"));
    String said = PROVIDER + " answered " + status;
    UpstreamException failure =
        switch (status) {
          case 429 -> UpstreamException.rateLimited(said, retryAfter);
          case 503 -> UpstreamException.unavailable(said, retryAfter);
          case 504 -> UpstreamException.timeout(said);
          default ->
              status >= 400 && status < 500 && status != 401 && status != 403 && status != 407
                  ? UpstreamException.rejected(status, said, body)
                  : UpstreamException.error(said);
        };
    return failure.answered(status).withDetail(name + " answered " + status, null);
  }

  /** Reads the whole body, which hands the connection back to the pool. */
  private String readBody(ClassicHttpResponse response) {
    if (response.getEntity() == null) {
      return "";
    }
    try {
      return EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    } catch (SocketTimeoutException e) {
      discard(response);
      throw UpstreamException.timeout(
              PROVIDER
                  + " sent no complete answer within "
                  + settings.idleTimeout().toMillis()
                  + " ms")
          .withDetail(name + " fell silent while sending its body", e);
    } catch (IOException | ParseException e) {
      discard(response);
      throw UpstreamException.error(PROVIDER + " broke off its answer")
          .withDetail(name + " broke off its answer", e);
    }
  }

  private static void discard(ClassicHttpResponse response) {
    try {
      response.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing a discarded answer failed", e);
    }
  }

  private static boolean isRetryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /**
   * Whether the request cannot have reached the upstream: no connection could be made, or a pooled
   * connection turned out to be closed by the upstream before it answered anything.
   */
  private static boolean nothingReachedTheUpstream(IOException error) {
    return error instanceof ConnectException
        || error instanceof ConnectTimeoutException
        || error instanceof UnknownHostException
        || error instanceof NoHttpResponseException;
  }

  /** Retry-After in seconds; the HTTP-date form is ignored and the backoff applies. */
  static Optional<Long> retryAfterSeconds(Header header) {
    return Optional.ofNullable(header)
        .map(Header::getValue)
        .map(String::strip)
        .filter(value -> value.matches("\\d{1,9}"))
        .map(Long::valueOf);
  }

  private static int portOf(java.net.URI url) {
    if (url.getPort() >= 0) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  private static Timeout timeout(Duration duration) {
    return Timeout.of(duration.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.unavailable("interrupted while waiting to retry", Optional.empty());
    }
  }

  /**
   * Waits at most the first-byte timeout for the status line (the client sets it before each
   * request), then at most the idle timeout for every read of the body.
   */
  private static final class IdleTimeoutAfterHead extends HttpRequestExecutor {

    private final Timeout idleTimeout;

    IdleTimeoutAfterHead(Timeout idleTimeout) {
      this.idleTimeout = idleTimeout;
    }

    @Override
    public ClassicHttpResponse execute(
        ClassicHttpRequest request,
        HttpClientConnection connection,
        HttpResponseInformationCallback informationCallback,
        HttpContext context)
        throws IOException, HttpException {
      ClassicHttpResponse response =
          super.execute(request, connection, informationCallback, context);
      connection.setSocketTimeout(idleTimeout);
      return response;
    }
  }
}
