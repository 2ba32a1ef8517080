package dev.mainspring.billing.service;

import dev.mainspring.platform.error.MainspringException;

/**
 * A payment provider that could not do what was asked: not configured (503 {@code
 * payments_not_configured}), refused or unreachable (502 {@code payment_provider_error}), or a
 * webhook delivery that does not verify (400 {@code invalid_signature}).
 */
public class PaymentProviderException extends MainspringException {

  private static final long serialVersionUID = 1L;

  private final int status;

  private PaymentProviderException(int status, String code, String message) {
    super(code, message);
    this.status = status;
  }

  /** 503: the deployment has no key for the provider. */
  public static PaymentProviderException notConfigured(String provider) {
    return new PaymentProviderException(
        503, "payments_not_configured", provider + " payments are not configured on this server");
  }

  /** 502: the provider refused or could not be reached. */
  public static PaymentProviderException failed(String provider, String reason) {
    return new PaymentProviderException(
        502, "payment_provider_error", provider + " could not open the checkout: " + reason);
  }

  /** 400: the delivery's signature is missing, forged or stale, or its body is not an event. */
  public static PaymentProviderException invalidSignature(String reason) {
    return new PaymentProviderException(400, "invalid_signature", reason);
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String title() {
    return switch (status) {
      case 400 -> "Bad Request";
      case 502 -> "Bad Gateway";
      default -> "Service Unavailable";
    };
  }
}
