package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderFamily;
import dev.mainspring.inference.model.provider.ProviderInstance;
import dev.mainspring.inference.service.OfflineGuard;
import dev.mainspring.inference.service.modelops.BuiltinModels;
import dev.mainspring.inference.service.upstream.OpenAiUpstream;
import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.inference.service.upstream.UpstreamResponse;
import dev.mainspring.inference.service.upstream.UpstreamSettings;
import dev.mainspring.platform.service.Jsons;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Checks that a provider instance answers: {@code GET /models} on OpenAI-compatible providers
 * (short timeouts, no retries, only to destinations {@link ProviderDestinations} allows), and the
 * built-in model for the built-in family, and an {@link AdapterProbe} for any other adapter (the
 * pgvector family's PostgreSQL server). Used by provider validation, deployment preflight, model
 * validation and the bootstrap. It does not apply the offline mode; its callers do, with {@link
 * OfflineGuard}.
 *
 * <p>It calls the network, so it refuses to run inside a transaction: a provider may take seconds
 * to answer, and no transaction or database lock may wait on it. Callers read what they need in a
 * transaction, probe, then write what they found in another. A failure is a result with a {@link
 * ProviderError}; what went wrong in detail goes to the log.
 */
@ApplicationScoped
public class ProviderProbe {

  private static final Logger LOG = Logger.getLogger(ProviderProbe.class.getName());
  private static final Duration CONNECT = Duration.ofSeconds(3);
  private static final Duration ANSWER = Duration.ofSeconds(5);

  @Inject CredentialService credentials;
  @Inject ProviderDestinations destinations;
  @Inject @Any Instance<AdapterProbe> adapterProbes;
  @Resource TransactionSynchronizationRegistry transactions;

  /**
   * What a probe found. {@code models} are the provider's own model ids it advertises; {@code
   * latencyMs} is null when it failed, and {@code error} says why.
   */
  public record Result(
      boolean reachable, Long latencyMs, List<String> models, ProviderError error) {

    public static Result failed(ProviderError error) {
      return new Result(false, null, List.of(), error);
    }
  }

  public Result probe(ProviderInstance provider, ProviderFamily family) {
    requireNoTransaction(transactions);
    long started = System.nanoTime();
    if (ProviderFamily.ADAPTER_BUILTIN.equals(family.getAdapter())) {
      // Built-in vector stores live in Mainspring's own database and serve no model.
      List<String> served =
          "embeddings".equals(family.getCapability())
              ? List.of(BuiltinModels.EMBEDDINGS)
              : List.of();
      return new Result(true, 0L, served, null);
    }
    if (provider.getEndpointUrl() == null) {
      return Result.failed(ProviderError.noEndpoint());
    }
    if (!ProviderFamily.ADAPTER_OPENAI_HTTP.equals(family.getAdapter())) {
      for (AdapterProbe other : adapterProbes) {
        if (other.adapter().equals(family.getAdapter())) {
          return other.probe(provider);
        }
      }
    }
    String apiKey = null;
    if (provider.getApiKeyRef() != null) {
      apiKey = credentials.find(provider.getApiKeyRef()).orElse(null);
      if (apiKey == null) {
        return Result.failed(ProviderError.credentialUnreadable());
      }
    }
    UpstreamSettings settings =
        new UpstreamSettings(
            URI.create(provider.getEndpointUrl()),
            apiKey,
            CONNECT,
            ANSWER,
            ANSWER,
            0,
            Duration.ofMillis(100),
            Duration.ZERO);
    try (OpenAiUpstream upstream = new OpenAiUpstream(settings, destinations.policy())) {
      UpstreamResponse answer = upstream.models();
      long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
      if (!answer.isSuccess()) {
        LOG.info(
            () ->
                "Provider "
                    + provider.getSlug()
                    + " ("
                    + provider.getEndpointUrl()
                    + ") answered GET /models with "
                    + answer.status());
        return Result.failed(ProviderError.answered(answer.status()));
      }
      return new Result(true, latency, modelIds(answer.body()), null);
    } catch (UpstreamException e) {
      LOG.info(
          () ->
              "Provider "
                  + provider.getSlug()
                  + " failed its check: "
                  + e
                  + (e.getCause() == null ? "" : "; cause: " + e.getCause()));
      return Result.failed(ProviderError.of(e));
    }
  }

  /**
   * Throws when a transaction is active on this thread: provider calls are made outside them.
   *
   * @throws IllegalStateException naming the rule, a programming error
   */
  public static void requireNoTransaction(TransactionSynchronizationRegistry transactions) {
    if (transactions != null
        && transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
      throw new IllegalStateException(
          "a provider is about to be called inside a transaction; read, call, then write");
    }
  }

  /** The ids in an OpenAI model list; empty when the body is not one. */
  static List<String> modelIds(String body) {
    List<String> ids = new ArrayList<>();
    try (var reader = Jsons.reader(body)) {
      JsonValue data = reader.readObject().get("data");
      if (data != null && data.getValueType() == JsonValue.ValueType.ARRAY) {
        for (JsonValue entry : data.asJsonArray()) {
          if (entry.getValueType() == JsonValue.ValueType.OBJECT
              && ((JsonObject) entry).get("id") instanceof JsonString id) {
            ids.add(id.getString());
          }
        }
      }
    } catch (JsonException | ClassCastException e) {
      return List.of();
    }
    return ids;
  }
}
