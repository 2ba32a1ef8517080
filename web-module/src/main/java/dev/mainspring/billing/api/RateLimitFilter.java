package dev.mainspring.billing.api;

import dev.mainspring.billing.service.QuotaGuard;
import dev.mainspring.billing.service.RateLimitStatus;
import dev.mainspring.billing.service.RateLimitedException;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts a request of a {@link RateLimited} endpoint in its organization's window before the
 * endpoint runs ({@link QuotaGuard#countRequest}): over the plan's rate it answers 429 {@code
 * rate_limited} (the OpenAI-compatible endpoints in OpenAI's error shape) with {@code Retry-After};
 * every answer of a counted request, success or failure, carries the {@code RateLimit-Policy} and
 * {@code RateLimit} header fields. A request without an organization is left to the endpoint, which
 * refuses it.
 */
@Provider
@RateLimited
@Priority(Priorities.USER)
public class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String STATUS = RateLimitFilter.class.getName() + ".status";

  @Inject CurrentCaller currentCaller;
  @Inject QuotaGuard quotas;

  @Override
  public void filter(ContainerRequestContext request) {
    Caller caller = currentCaller.find().orElse(null);
    if (caller == null || caller.orgId() == null) {
      return;
    }
    try {
      quotas.countRequest(caller.orgId()).ifPresent(status -> request.setProperty(STATUS, status));
    } catch (RateLimitedException limited) {
      request.setProperty(STATUS, limited.rate());
      throw limited;
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(STATUS) instanceof RateLimitStatus status) {
      status.headers().forEach((name, value) -> response.getHeaders().putSingle(name, value));
    }
  }
}
