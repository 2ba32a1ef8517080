package dev.mainspring.inference.service.gateway;

import dev.mainspring.platform.error.MainspringException;
import java.util.Map;

/**
 * The gateway cannot serve a call for a reason of its own: no active binding for the capability
 * (503 {@code capability_unavailable}), a provider's circuit open (503 {@code
 * provider_circuit_open}) or its concurrency limit reached (429 {@code provider_busy}), both with a
 * Retry-After.
 */
public class GatewayException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final Long retryAfterSeconds;

  public GatewayException(int status, String code, String message, Long retryAfterSeconds) {
    super(code, message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String title() {
    return status == 429 ? "Too Many Requests" : "Service Unavailable";
  }

  @Override
  public Map<String, String> headers() {
    return retryAfterSeconds == null
        ? Map.of()
        : Map.of("Retry-After", Long.toString(retryAfterSeconds));
  }
}
