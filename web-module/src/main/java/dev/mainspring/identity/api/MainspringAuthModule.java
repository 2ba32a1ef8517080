package dev.mainspring.identity.api;

import dev.mainspring.identity.api.MainspringAuthenticationMechanism.Login;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;

/**
 * The Jakarta Authentication module of the web module: it runs {@link
 * MainspringAuthenticationMechanism} for every request and tells the container who the caller is
 * (caller principal and groups), or that the request is anonymous. {@link AuthModuleInstaller}
 * registers it when the application starts.
 *
 * <p>Why not a Jakarta Security {@code HttpAuthenticationMechanism}: the server's bridge from
 * Jakarta Security to Jakarta Authentication looked the mechanism up through JNDI and CDI twice on
 * every request, building an exception with its stack trace each time, which cost about a fifth of
 * a gateway call's CPU on the request thread and an eighth of its allocations. The module does what
 * the bridge did, with the mechanism resolved once.
 */
final class MainspringAuthModule implements ServerAuthModule {

  private static final Class<?>[] MESSAGE_TYPES = {
    HttpServletRequest.class, HttpServletResponse.class
  };

  private final MainspringAuthenticationMechanism mechanism;
  private CallbackHandler container;

  MainspringAuthModule(MainspringAuthenticationMechanism mechanism) {
    this.mechanism = mechanism;
  }

  @Override
  public void initialize(
      MessagePolicy requestPolicy,
      MessagePolicy responsePolicy,
      CallbackHandler handler,
      @SuppressWarnings("rawtypes") Map options) {
    this.container = handler;
  }

  @Override
  public Class<?>[] getSupportedMessageTypes() {
    return MESSAGE_TYPES.clone();
  }

  @Override
  public AuthStatus validateRequest(
      MessageInfo message, Subject clientSubject, Subject serviceSubject) throws AuthException {
    HttpServletRequest request = (HttpServletRequest) message.getRequestMessage();
    HttpServletResponse response = (HttpServletResponse) message.getResponseMessage();
    Optional<Login> login = mechanism.authenticate(request, response);
    if (login.isEmpty()) {
      return AuthStatus.SEND_FAILURE; // the mechanism wrote the failure
    }
    Login caller = login.get();
    Callback[] callbacks =
        caller.name() == null
            ? new Callback[] {new CallerPrincipalCallback(clientSubject, (Principal) null)}
            : new Callback[] {
              new CallerPrincipalCallback(clientSubject, caller.name()),
              new GroupPrincipalCallback(clientSubject, caller.groups().toArray(String[]::new))
            };
    try {
      container.handle(callbacks);
    } catch (IOException | UnsupportedCallbackException e) {
      AuthException failure = new AuthException("the container refused the caller");
      failure.initCause(e);
      throw failure;
    }
    return AuthStatus.SUCCESS;
  }

  @Override
  public AuthStatus secureResponse(MessageInfo message, Subject serviceSubject) {
    return AuthStatus.SEND_SUCCESS;
  }

  @Override
  public void cleanSubject(MessageInfo message, Subject subject) {
    if (subject != null) {
      subject.getPrincipals().clear();
    }
  }
}
