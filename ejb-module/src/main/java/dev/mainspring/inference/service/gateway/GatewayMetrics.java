package dev.mainspring.inference.service.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The gateway's metrics, tagged by provider instance (slug) and model key: {@code gateway.requests}
 * (and {@code outcome}), {@code gateway.tokens} ({@code kind} prompt or completion), {@code
 * gateway.errors} ({@code code}), the timers {@code gateway.latency} and {@code gateway.ttft}, and
 * the gauge {@code gateway.breaker.state} (0 closed, 1 open, 2 half open).
 */
@ApplicationScoped
public class GatewayMetrics {

  @Inject MetricRegistry registry;

  private final Set<UUID> gauged = ConcurrentHashMap.newKeySet();

  /** The metrics of one provider, model and outcome, looked up in the registry once. */
  private record CallMetrics(
      Counter requests,
      Counter promptTokens,
      Counter completionTokens,
      Timer latency,
      Timer ttft) {}

  private final Map<String, CallMetrics> byCall = new ConcurrentHashMap<>();

  /** Records one finished call. */
  public void call(
      String provider,
      String model,
      String outcome,
      long promptTokens,
      long completionTokens,
      Duration latency,
      Duration timeToFirstToken) {
    CallMetrics metrics =
        byCall.computeIfAbsent(
            provider + '\n' + model + '\n' + outcome,
            key -> {
              Tag providerTag = new Tag("provider", provider);
              Tag modelTag = new Tag("model", model);
              return new CallMetrics(
                  registry.counter(
                      "gateway.requests", providerTag, modelTag, new Tag("outcome", outcome)),
                  registry.counter(
                      "gateway.tokens", providerTag, modelTag, new Tag("kind", "prompt")),
                  registry.counter(
                      "gateway.tokens", providerTag, modelTag, new Tag("kind", "completion")),
                  registry.timer("gateway.latency", providerTag, modelTag),
                  registry.timer("gateway.ttft", providerTag, modelTag));
            });
    metrics.requests().inc();
    if (promptTokens > 0) {
      metrics.promptTokens().inc(promptTokens);
    }
    if (completionTokens > 0) {
      metrics.completionTokens().inc(completionTokens);
    }
    metrics.latency().update(latency);
    if (timeToFirstToken != null) {
      metrics.ttft().update(timeToFirstToken);
    }
  }

  /** Records a failed call's error code. */
  public void error(String provider, String model, String code) {
    registry
        .counter(
            "gateway.errors",
            new Tag("provider", provider),
            new Tag("model", model),
            new Tag("code", code))
        .inc();
  }

  /** Exports the breaker state of a provider instance, once per instance. */
  public void watchBreaker(UUID providerId, String provider, ProviderGuards guards) {
    if (gauged.add(providerId)) {
      registry.gauge(
          "gateway.breaker.state",
          guards,
          g -> {
            ProviderGuards.Guard guard = g.all().get(providerId);
            return guard == null ? 0 : guard.breaker().state().gauge();
          },
          new Tag("provider", provider));
    }
  }
}
