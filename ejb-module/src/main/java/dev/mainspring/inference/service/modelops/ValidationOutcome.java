package dev.mainspring.inference.service.modelops;

import dev.mainspring.inference.service.provider.ProviderError;
import dev.mainspring.inference.service.provider.ProviderProbe;
import java.util.List;

/**
 * What a model validation concludes from probing the model's provider, with a sentence saying what
 * was checked. A provider that answers and advertises no model list passes on reachability alone;
 * one that advertises a list must list the model's {@code provider_model_id}. A failure names the
 * {@link ProviderError}'s code and message, never the provider's URL or an exception.
 */
record ValidationOutcome(boolean success, String detail) {

  /** How many advertised ids a failure detail names at most. */
  private static final int NAMED = 20;

  static ValidationOutcome of(ProviderProbe.Result probe, String providerSlug, String modelId) {
    String provider = "provider " + providerSlug;
    if (!probe.reachable()) {
      return new ValidationOutcome(
          false,
          provider
              + " failed the check ("
              + probe.error().code()
              + "): "
              + probe.error().message());
    }
    String answered = provider + " answered GET /models in " + probe.latencyMs() + " ms";
    List<String> listed = probe.models();
    if (listed.isEmpty()) {
      return new ValidationOutcome(
          true, answered + " without a model list; " + modelId + " was not checked by name");
    }
    if (listed.contains(modelId)) {
      return new ValidationOutcome(true, answered + " and lists " + modelId);
    }
    String named = String.join(", ", listed.subList(0, Math.min(NAMED, listed.size())));
    return new ValidationOutcome(
        false,
        answered
            + " but does not list "
            + modelId
            + "; it lists "
            + named
            + (listed.size() > NAMED ? " and " + (listed.size() - NAMED) + " more" : ""));
  }

  static ValidationOutcome disabled(String providerSlug) {
    ProviderError disabled = ProviderError.disabled();
    return new ValidationOutcome(
        false,
        "provider "
            + providerSlug
            + " failed the check ("
            + disabled.code()
            + "): "
            + disabled.message());
  }
}
