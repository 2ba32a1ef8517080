package dev.mainspring.identity.service.token;

import dev.mainspring.platform.error.MainspringException;

/**
 * The external identity provider's keys could not be had (unreachable, too slow, an answer that is
 * no JWKS) and none are cached: 503 {@code identity_provider_unavailable}. Not the caller's fault,
 * so not a 401 that would send a client to log in again.
 */
public class IdentityProviderUnavailableException extends MainspringException {

  private static final long serialVersionUID = 1L;

  public IdentityProviderUnavailableException(String message) {
    super("identity_provider_unavailable", message);
  }

  @Override
  public int status() {
    return 503;
  }

  @Override
  public String title() {
    return "Service Unavailable";
  }
}
