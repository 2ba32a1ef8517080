package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.platform.error.MainspringException;

/**
 * How a gateway call ended, as metered: {@code outcome} is one of {@code success}, {@code
 * client_disconnected}, {@code rejected} (the provider refused the request, 4xx), {@code
 * rate_limited}, {@code timeout}, {@code unavailable}, {@code upstream_error}, {@code
 * invalid_request} (Mainspring found the request invalid once the call had begun). {@code
 * providerFailed} calls count against the provider's circuit breaker; {@code providerAnswered} ones
 * close it. {@code cachedTokens} are the part of {@code promptTokens} the provider served from its
 * prompt cache.
 */
record CallOutcome(
    String outcome,
    int httpStatus,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    boolean estimated,
    boolean providerFailed,
    boolean providerAnswered) {

  static CallOutcome success(long promptTokens, long completionTokens, boolean estimated) {
    return success(new TokenCount(promptTokens, completionTokens, estimated));
  }

  static CallOutcome success(TokenCount tokens) {
    return new CallOutcome(
        "success",
        200,
        tokens.promptTokens(),
        tokens.completionTokens(),
        tokens.cachedTokens(),
        tokens.estimated(),
        false,
        true);
  }

  /** The client went away mid-stream; says nothing about the provider. */
  static CallOutcome clientDisconnected(long promptTokens, long completionTokens) {
    return new CallOutcome(
        "client_disconnected", 200, promptTokens, completionTokens, 0, true, false, false);
  }

  static CallOutcome failure(String outcome, int httpStatus) {
    boolean failed = httpStatus >= 500;
    boolean answered = httpStatus < 500 && httpStatus != 429;
    return new CallOutcome(outcome, httpStatus, 0, 0, 0, false, failed, answered);
  }

  /**
   * How a call that threw ended: a provider's failure or refusal as {@link #of(UpstreamException)};
   * a request found invalid on the way ({@code invalid_request}, a 4xx) says nothing about the
   * provider; anything else counts as the provider's failure.
   */
  static CallOutcome of(RuntimeException e) {
    if (e instanceof UpstreamException upstream) {
      return of(upstream);
    }
    if (e instanceof MainspringException refused && refused.status() < 500) {
      return new CallOutcome("invalid_request", refused.status(), 0, 0, 0, false, false, false);
    }
    return failure("upstream_error", 502);
  }

  static CallOutcome of(UpstreamException e) {
    String outcome =
        switch (e.code()) {
          case "upstream_timeout" -> "timeout";
          case "upstream_rate_limited" -> "rate_limited";
          case "upstream_unavailable" -> "unavailable";
          case "upstream_rejected" -> "rejected";
          default -> "upstream_error";
        };
    return failure(outcome, e.status());
  }

  /** The same outcome with the tokens counted so far. */
  CallOutcome withTokens(TokenCount tokens) {
    return new CallOutcome(
        outcome,
        httpStatus,
        tokens.promptTokens(),
        tokens.completionTokens(),
        tokens.cachedTokens(),
        tokens.estimated(),
        providerFailed,
        providerAnswered);
  }
}
