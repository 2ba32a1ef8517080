package dev.mainspring.platform.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Opens and closes every request: takes or makes its X-Request-Id (echoed on the response and bound
 * to the thread so log lines carry it), writes one access-log line, and times the request into the
 * {@code mainspring_http_requests} timer by method and status class.
 */
@Provider
@PreMatching
@Priority(RequestContextFilter.FIRST)
public class RequestContextFilter implements ContainerRequestFilter, ContainerResponseFilter {

  /**
   * Runs before every other request filter (so errors they raise carry the request id) and, as
   * response filters run in reverse order, after every other response filter.
   */
  static final int FIRST = 1;

  private static final Logger ACCESS = Logger.getLogger("dev.mainspring.access");
  private static final String STARTED = RequestContextFilter.class.getName() + ".started";

  @Inject MetricRegistry metrics;

  @Context HttpServletRequest servletRequest;

  /** The timers by method and status class, looked up in the registry once each. */
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  private Timer timer(String method, int statusClass) {
    return timers.computeIfAbsent(
        method + ' ' + statusClass,
        key ->
            metrics.timer(
                "mainspring_http_requests",
                new Tag("method", method),
                new Tag("status", statusClass + "xx")));
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Object fromAuthentication = servletRequest.getAttribute(RequestIds.HEADER);
    String requestId =
        fromAuthentication != null
            ? fromAuthentication.toString()
            : RequestIds.accept(request.getHeaderString(RequestIds.HEADER));
    RequestIds.bind(requestId);
    request.setProperty(RequestIds.HEADER, requestId);
    request.setProperty(STARTED, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    try {
      Object requestId = request.getProperty(RequestIds.HEADER);
      if (requestId != null) {
        response.getHeaders().putSingle(RequestIds.HEADER, requestId);
      }
      Object started = request.getProperty(STARTED);
      long nanos = started == null ? 0 : System.nanoTime() - (Long) started;
      String method = request.getMethod();
      int status = response.getStatus();
      ACCESS.log(
          status >= 500 ? Level.WARNING : Level.FINE,
          () ->
              method
                  + " "
                  + request.getUriInfo().getRequestUri().getRawPath()
                  + " "
                  + status
                  + " "
                  + nanos / 1_000_000
                  + "ms");
      timer(method, status / 100).update(java.time.Duration.ofNanos(nanos));
    } finally {
      RequestIds.unbind();
    }
  }
}
