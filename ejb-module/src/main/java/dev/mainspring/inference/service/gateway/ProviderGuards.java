package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.provider.ProviderInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The resilience state of each provider instance: its circuit breaker and its concurrency limit.
 * Made on first use with the instance's settings, remade when the instance's version changes.
 */
@ApplicationScoped
public class ProviderGuards {

  /** One provider's breaker and permits. */
  public record Guard(long version, CircuitBreaker breaker, Semaphore permits, int maxConcurrency) {

    /** Ends an admitted call made with the provider's own credential; see below. */
    void settle(CallOutcome outcome) {
      settle(outcome, false);
    }

    /**
     * Ends an admitted call: returns its permit and tells the breaker. Only the provider's own
     * failures (5xx, timeouts, unreachable) count against it; an answer, even a refusal (4xx),
     * closes it; a client's leave or a request found invalid says nothing about the provider. A
     * call made with a user's own key counts only when it succeeds: a user's bad or exhausted key
     * must not open the breaker for everyone else.
     */
    void settle(CallOutcome outcome, boolean usersOwnKey) {
      permits.release();
      if (usersOwnKey && !"success".equals(outcome.outcome())) {
        breaker.onNeutral();
      } else if (outcome.providerFailed()) {
        breaker.onFailure();
      } else if (outcome.providerAnswered()) {
        breaker.onSuccess();
      } else {
        breaker.onNeutral();
      }
    }
  }

  private final Map<UUID, Guard> guards = new ConcurrentHashMap<>();

  public Guard of(ProviderInstance provider) {
    return guards.compute(
        provider.getId(),
        (id, current) ->
            current != null && current.version() == provider.getVersion()
                ? current
                : new Guard(
                    provider.getVersion(),
                    new CircuitBreaker(
                        provider.getBreakerFailureThreshold(),
                        provider.getBreakerOpenMs(),
                        System::currentTimeMillis),
                    new Semaphore(provider.getMaxConcurrency()),
                    provider.getMaxConcurrency()));
  }

  /** The guards made so far, by provider id (for the breaker-state metric). */
  public Map<UUID, Guard> all() {
    return Map.copyOf(guards);
  }
}
