package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderInstance;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The resilience settings of a provider instance, which the gateway applies when it calls the
 * provider. In a request every member is optional and a missing one takes its default; in a view
 * every member is set.
 */
@JsonbPropertyOrder({
  "connectTimeoutMs",
  "firstTokenTimeoutMs",
  "idleTimeoutMs",
  "maxRetries",
  "maxConcurrency",
  "breakerFailureThreshold",
  "breakerOpenMs"
})
public record ProviderConfig(
    @Min(100) @Max(60_000) Integer connectTimeoutMs,
    @Min(1_000) @Max(600_000) Integer firstTokenTimeoutMs,
    @Min(1_000) @Max(600_000) Integer idleTimeoutMs,
    @Min(0) @Max(5) Integer maxRetries,
    @Min(1) @Max(10_000) Integer maxConcurrency,
    @Min(1) @Max(1_000) Integer breakerFailureThreshold,
    @Min(1_000) @Max(600_000) Integer breakerOpenMs) {

  /** Every setting at its default. */
  public static final ProviderConfig DEFAULTS =
      new ProviderConfig(5_000, 60_000, 60_000, 2, 64, 5, 30_000);

  /** This configuration with each missing member taken from {@link #DEFAULTS}. */
  public ProviderConfig withDefaults() {
    return new ProviderConfig(
        or(connectTimeoutMs, DEFAULTS.connectTimeoutMs),
        or(firstTokenTimeoutMs, DEFAULTS.firstTokenTimeoutMs),
        or(idleTimeoutMs, DEFAULTS.idleTimeoutMs),
        or(maxRetries, DEFAULTS.maxRetries),
        or(maxConcurrency, DEFAULTS.maxConcurrency),
        or(breakerFailureThreshold, DEFAULTS.breakerFailureThreshold),
        or(breakerOpenMs, DEFAULTS.breakerOpenMs));
  }

  static ProviderConfig of(ProviderInstance p) {
    return new ProviderConfig(
        p.getConnectTimeoutMs(),
        p.getFirstTokenTimeoutMs(),
        p.getIdleTimeoutMs(),
        p.getMaxRetries(),
        p.getMaxConcurrency(),
        p.getBreakerFailureThreshold(),
        p.getBreakerOpenMs());
  }

  /** Writes the settings, defaults filled in, onto {@code provider}. */
  public void applyTo(ProviderInstance provider) {
    ProviderConfig c = withDefaults();
    provider.setConnectTimeoutMs(c.connectTimeoutMs);
    provider.setFirstTokenTimeoutMs(c.firstTokenTimeoutMs);
    provider.setIdleTimeoutMs(c.idleTimeoutMs);
    provider.setMaxRetries(c.maxRetries);
    provider.setMaxConcurrency(c.maxConcurrency);
    provider.setBreakerFailureThreshold(c.breakerFailureThreshold);
    provider.setBreakerOpenMs(c.breakerOpenMs);
  }

  private static Integer or(Integer value, Integer fallback) {
    return value != null ? value : fallback;
  }
}
