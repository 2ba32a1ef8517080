package dev.mainspring.run.api.socketio;

import dev.mainspring.identity.api.MainspringAuthenticationMechanism;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.RequestOrigin;
import dev.mainspring.platform.api.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.function.Function;

/**
 * Runs a Socket.IO client's command as that client, the way a REST request runs: in a request
 * context of its own, with the caller found from the connection's credential now (not when it
 * connected), so services see the same {@link CurrentCaller} and the same rules as over REST.
 */
@ApplicationScoped
public class SocketCalls {

  @Inject MainspringAuthenticationMechanism authentication;
  @Inject CurrentCaller currentCaller;
  @Inject RequestOrigin origin;

  /**
   * The result of {@code work} done as the credential's caller.
   *
   * @throws dev.mainspring.platform.error.MainspringException when the credential no longer holds
   *     or the work is refused
   */
  @ActivateRequestContext
  public <T> T as(SocketCredential credential, Function<Caller, T> work) {
    Caller caller = authentication.resolve(credential.credential(), credential.requestedOrg());
    currentCaller.set(caller);
    origin.set(credential.address(), RequestIds.accept(null));
    return work.apply(caller);
  }
}
