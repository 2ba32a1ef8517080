package dev.mainspring.identity.api;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.RequestOrigin;
import dev.mainspring.platform.api.RequestIds;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Hands what the authentication mechanism found (the caller) and where the request comes from
 * (address, request id) to the request-scoped beans services read.
 */
@Provider
@PreMatching
@Priority(2)
public class CallerFilter implements ContainerRequestFilter {

  @Context HttpServletRequest servletRequest;
  @Inject CurrentCaller currentCaller;
  @Inject RequestOrigin origin;

  @Override
  public void filter(ContainerRequestContext request) {
    Object caller = servletRequest.getAttribute(MainspringAuthenticationMechanism.CALLER);
    if (caller instanceof Caller c) {
      currentCaller.set(c);
    }
    origin.set(servletRequest.getRemoteAddr(), RequestIds.current());
  }
}
