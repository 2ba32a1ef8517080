package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.service.upstream.DestinationPolicy;
import dev.mainspring.inference.service.upstream.UpstreamException;

/**
 * Why a provider check or test call did not get a usable answer, as a client is told it: a stable
 * {@code code} and a plain {@code message}. Neither names the provider's URL or an exception, and a
 * provider that could not be reached is reported alike whether nothing listens, a firewall drops
 * the connection, something that is no HTTP server answers or the answer takes too long: a check
 * must not double as a port scanner. The details go to the server log, with the request id.
 */
public record ProviderError(String code, String message) {

  public static ProviderError unreachable() {
    return new ProviderError("provider_unreachable", "the provider could not be reached");
  }

  public static ProviderError answered(int status) {
    return new ProviderError("provider_http_error", "the provider answered HTTP " + status);
  }

  public static ProviderError notAllowed() {
    return new ProviderError(
        "endpoint_not_allowed", "the provider's endpoint is not an allowed destination");
  }

  public static ProviderError noEndpoint() {
    return new ProviderError("provider_no_endpoint", "the provider has no endpoint_url");
  }

  public static ProviderError credentialUnreadable() {
    return new ProviderError(
        "credential_unreadable", "the provider's credential reference cannot be read");
  }

  public static ProviderError disabled() {
    return new ProviderError("provider_disabled", "the provider is disabled");
  }

  public static ProviderError offline() {
    return new ProviderError(
        "offline_provider_blocked", "the runtime is offline; cloud providers are not called");
  }

  public static ProviderError badAnswer(String what) {
    return new ProviderError("provider_bad_answer", "the provider's answer has no " + what);
  }

  /**
   * What a failed call means to the client: the provider's HTTP status when it answered one, a
   * refused destination, or else (no answer, a broken one, a timeout) unreachable.
   */
  public static ProviderError of(UpstreamException failure) {
    if (failure.answeredStatus().isPresent()) {
      return answered(failure.answeredStatus().get());
    }
    if (failure.getCause() instanceof DestinationPolicy.DestinationRefusedException) {
      return notAllowed();
    }
    return unreachable();
  }
}
