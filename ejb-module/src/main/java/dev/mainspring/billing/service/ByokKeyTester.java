package dev.mainspring.billing.service;

/**
 * Asks a provider whether it accepts a key, for {@code POST /api/billing/openrouter-key/test}.
 * Implemented by the inference context, which owns the provider clients and the destination rules
 * (billing depends on no other context's calls; the gateway depends on billing).
 */
public interface ByokKeyTester {

  /**
   * What a test found, as the client is told it: a stable {@code code} ({@code ok}, {@code
   * key_rejected}, {@code provider_unreachable}, {@code provider_http_error}, {@code
   * endpoint_not_allowed}) and a plain message that names neither the provider's URL nor an
   * exception; {@code latencyMs} null when no answer came.
   */
  record Outcome(boolean ok, String code, String message, Long latencyMs) {}

  /**
   * Tests {@code apiKey} against the provider at {@code baseUrl}. Calls the network: never inside a
   * transaction.
   */
  Outcome test(String baseUrl, String apiKey);
}
