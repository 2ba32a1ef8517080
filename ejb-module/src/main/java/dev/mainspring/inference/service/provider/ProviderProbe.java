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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a provider instance answers: {@code GET /models} on OpenAI-compatible providers
 * (short timeouts, no retries), and the built-in model for the built-in family. Used by provider
 * validation, deployment preflight and model validation. It does not apply the offline mode; its
 * callers do, with {@link OfflineGuard}.
 */
@ApplicationScoped
public class ProviderProbe {

  private static final Duration CONNECT = Duration.ofSeconds(3);
  private static final Duration ANSWER = Duration.ofSeconds(5);

  @Inject CredentialService credentials;

  /** What a probe found. {@code models} are the provider's own model ids it advertises. */
  public record Result(boolean reachable, long latencyMs, List<String> models, String error) {

    static Result failed(long latencyMs, String error) {
      return new Result(false, latencyMs, List.of(), error);
    }
  }

  public Result probe(ProviderInstance provider, ProviderFamily family) {
    long started = System.nanoTime();
    if (ProviderFamily.ADAPTER_BUILTIN.equals(family.getAdapter())) {
      return new Result(true, 0, List.of(BuiltinModels.EMBEDDINGS), null);
    }
    if (provider.getEndpointUrl() == null) {
      return Result.failed(0, "the provider has no endpoint_url");
    }
    String apiKey = null;
    if (provider.getApiKeyRef() != null) {
      apiKey = credentials.find(provider.getApiKeyRef()).orElse(null);
      if (apiKey == null) {
        return Result.failed(0, "its credential reference cannot be read");
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
    try (OpenAiUpstream upstream = new OpenAiUpstream(settings)) {
      UpstreamResponse answer = upstream.models();
      long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
      if (!answer.isSuccess()) {
        return Result.failed(latency, "GET /models answered " + answer.status());
      }
      return new Result(true, latency, modelIds(answer.body()), null);
    } catch (UpstreamException e) {
      return Result.failed(
          Duration.ofNanos(System.nanoTime() - started).toMillis(), e.getMessage());
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
