package dev.mainspring.identity.service;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The caller of the request being served, set by the web tier's authentication. */
@RequestScoped
public class CurrentCaller {

  private Caller caller;

  public void set(Caller caller) {
    this.caller = caller;
  }

  public Optional<Caller> find() {
    return Optional.ofNullable(caller);
  }

  /** The caller; 401 when the request is not authenticated. */
  public Caller get() {
    if (caller == null) {
      throw new dev.mainspring.platform.error.UnauthorizedException(
          "unauthenticated", "this request needs credentials: a bearer token or an API key");
    }
    return caller;
  }

  /** The caller, who must be allowed {@code scope} (see {@link Caller#requireScope}). */
  public Caller require(String scope) {
    Caller current = get();
    current.requireScope(scope);
    return current;
  }
}
