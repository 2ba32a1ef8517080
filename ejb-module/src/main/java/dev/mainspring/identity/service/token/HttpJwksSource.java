package dev.mainspring.identity.service.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An identity provider's public keys, fetched over HTTP from its {@code jwks_uri} and cached.
 *
 * <ul>
 *   <li>The set is fetched on first use and again once {@code cacheFor} has passed.
 *   <li>A {@code kid} the cached set lacks (the provider rotated its keys) fetches it again.
 *   <li>Never more than one fetch per {@link #MIN_FETCH_INTERVAL}, so tokens with made-up key ids
 *       cannot make Mainspring flood the provider.
 *   <li>A failed fetch keeps the keys already cached; with none cached, {@link #find} throws {@link
 *       IdentityProviderUnavailableException}.
 *   <li>A fetch gives up after {@code timeout} (connecting and reading together) and refuses an
 *       answer larger than {@link #MAX_BYTES}. Only the public parts of the keys are kept.
 * </ul>
 *
 * Thread-safe: lookups are serialized, so while one thread fetches the others wait for its result
 * instead of fetching too.
 */
public final class HttpJwksSource implements JwksSource {

  public static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CACHE_TIME = Duration.ofMinutes(15);
  static final int MAX_BYTES = 512 * 1024;

  private static final Logger LOG = Logger.getLogger(HttpJwksSource.class.getName());

  private final URI url;
  private final HttpClient client;
  private final Duration timeout;
  private final Duration cacheFor;
  private final Clock clock;

  private JWKSet keys;
  private Instant fetchedAt;
  private Instant lastAttempt;

  /** Keys from {@code url}, with the default timeout and cache time. */
  public HttpJwksSource(URI url) {
    this(url, DEFAULT_TIMEOUT, DEFAULT_CACHE_TIME, Clock.systemUTC());
  }

  public HttpJwksSource(URI url, Duration timeout, Duration cacheFor, Clock clock) {
    String scheme = url.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("the JWKS URL must be http(s): " + url);
    }
    this.url = url;
    this.timeout = timeout;
    this.cacheFor = cacheFor;
    this.clock = clock;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public synchronized Optional<JWK> find(String keyId) {
    Instant now = clock.instant();
    if (keys == null || !now.isBefore(fetchedAt.plus(cacheFor))) {
      fetchIfAllowed(now);
    }
    if (keys != null && keys.getKeyByKeyId(keyId) == null) {
      fetchIfAllowed(now);
    }
    if (keys == null) {
      throw new IdentityProviderUnavailableException(
          "the identity provider's signing keys cannot be fetched");
    }
    return Optional.ofNullable(keys.getKeyByKeyId(keyId));
  }

  private void fetchIfAllowed(Instant now) {
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(MIN_FETCH_INTERVAL))) {
      return;
    }
    lastAttempt = now;
    try {
      keys = fetch();
      fetchedAt = now;
    } catch (IOException | ParseException e) {
      LOG.log(Level.WARNING, "fetching the JWKS from {0} failed: {1}", new Object[] {url, e});
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(Level.WARNING, "fetching the JWKS from {0} was interrupted", url);
    }
  }

  private JWKSet fetch() throws IOException, ParseException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").build();
    CompletableFuture<HttpResponse<byte[]>> response =
        client.sendAsync(
            request,
            info ->
                info.statusCode() == 200
                    ? new LimitedBody(MAX_BYTES)
                    : BodySubscribers.<byte[]>replacing(null));
    byte[] body;
    try {
      HttpResponse<byte[]> answer = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (answer.statusCode() != 200) {
        throw new IOException("the JWKS URL answered " + answer.statusCode());
      }
      body = answer.body();
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new IOException("no JWKS within " + timeout, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    return JWKSet.parse(new String(body, StandardCharsets.UTF_8)).toPublicJWKSet();
  }

  /** Collects a body of at most {@code limit} bytes and fails the response beyond that. */
  private static final class LimitedBody implements BodySubscriber<byte[]> {

    private final BodySubscriber<byte[]> bytes = BodySubscribers.ofByteArray();
    private final long limit;
    private Flow.Subscription subscription;
    private long received;
    private boolean failed;

    LimitedBody(long limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return bytes.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      bytes.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (failed) {
        return;
      }
      for (ByteBuffer item : items) {
        received += item.remaining();
      }
      if (received > limit) {
        failed = true;
        subscription.cancel();
        bytes.onError(new IOException("the JWKS is larger than " + limit + " bytes"));
        return;
      }
      bytes.onNext(items);
    }

    @Override
    public void onError(Throwable error) {
      if (!failed) {
        bytes.onError(error);
      }
    }

    @Override
    public void onComplete() {
      if (!failed) {
        bytes.onComplete();
      }
    }
  }
}
