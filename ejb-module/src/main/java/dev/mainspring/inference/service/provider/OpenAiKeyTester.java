package dev.mainspring.inference.service.provider;

import dev.mainspring.billing.service.BillingSettings;
import dev.mainspring.billing.service.ByokKeyTester;
import dev.mainspring.billing.service.ByokKeys;
import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.inference.service.upstream.UpstreamResponse;
import dev.mainspring.inference.service.upstream.UpstreamSettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Tests a user's own key against its provider: {@code GET {base}/key} on OpenRouter (whose model
 * list is public, so only {@code /key} says whether a key is valid), {@code GET {base}/models}
 * elsewhere, with the key as {@code Authorization: Bearer}. Short timeouts, no retries, outside any
 * transaction, and only to destinations {@link ProviderDestinations} allows, loopback and private
 * networks excepted unless {@code mainspring.billing.byok-allow-private-networks} is true: the user
 * names the base URL, and a test must not let them probe the operator's network. What went wrong in
 * detail goes to the log; the outcome names neither the URL nor an exception.
 */
@ApplicationScoped
public class OpenAiKeyTester implements ByokKeyTester {

  private static final Logger LOG = Logger.getLogger(OpenAiKeyTester.class.getName());
  private static final Duration CONNECT = Duration.ofSeconds(3);
  private static final Duration ANSWER = Duration.ofSeconds(5);

  @Inject ProviderDestinations destinations;
  @Inject BillingSettings settings;
  @Resource TransactionSynchronizationRegistry transactions;

  @Override
  public Outcome test(String baseUrl, String apiKey) {
    ProviderProbe.requireNoTransaction(transactions);
    long started = System.nanoTime();
    UpstreamSettings upstream =
        new UpstreamSettings(
            URI.create(baseUrl),
            apiKey,
            CONNECT,
            ANSWER,
            ANSWER,
            0,
            Duration.ofMillis(100),
            Duration.ZERO);
    String path = testPath(baseUrl);
    try (OpenAiUpstream client =
        new OpenAiUpstream(upstream, destinations.policy(settings.byokAllowPrivateNetworks()))) {
      UpstreamResponse answer = client.get(path);
      long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
      if (answer.isSuccess()) {
        return new Outcome(true, "ok", "the provider accepted the key", latency);
      }
      LOG.info(() -> "A key test: " + baseUrl + path + " answered " + answer.status());
      return refused(answer.status(), latency);
    } catch (UpstreamException e) {
      LOG.info(
          () ->
              "A key test of "
                  + baseUrl
                  + path
                  + " failed: "
                  + e
                  + (e.getCause() == null ? "" : "; cause: " + e.getCause()));
      if (e.answeredStatus().isPresent()) {
        return refused(
            e.answeredStatus().get(), Duration.ofNanos(System.nanoTime() - started).toMillis());
      }
      ProviderError error = ProviderError.of(e);
      return new Outcome(false, error.code(), error.message(), null);
    }
  }

  /** The path a key is tested on: {@code /key} on OpenRouter, {@code /models} elsewhere. */
  static String testPath(String baseUrl) {
    return ByokKeys.isOpenRouter(baseUrl) ? "/key" : "/models";
  }

  /** What an answer other than 2xx means: 401 and 403 refuse the key, others are the provider's. */
  static Outcome refused(int status, long latencyMs) {
    if (status == 401 || status == 403) {
      return new Outcome(
          false, "key_rejected", "the provider refused the key (HTTP " + status + ")", latencyMs);
    }
    ProviderError error = ProviderError.answered(status);
    return new Outcome(false, error.code(), error.message(), latencyMs);
  }
}
