package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Domain errors (not found, conflict, precondition failed, invalid request, ...). A 4xx is the
 * client's doing and is logged at FINE; a 5xx (a provider that failed, a capability not available)
 * at SEVERE with the request id and the exception, whose {@code toString()} may carry details the
 * body must not show (an upstream's URL and I/O error).
 */
@Provider
public class MainspringExceptionMapper implements ExceptionMapper<MainspringException> {

  private static final Logger LOG = Logger.getLogger(MainspringExceptionMapper.class.getName());

  @Override
  public Response toResponse(MainspringException e) {
    if (e.status() >= 500) {
      LOG.log(Level.SEVERE, "Request " + RequestIds.current() + " failed with " + e.status(), e);
    } else {
      LOG.log(Level.FINE, "{0}: {1}", new Object[] {e.code(), e.getMessage()});
    }
    var response = Problem.of(e.status(), e.title(), e.code(), e.getMessage()).response();
    e.headers().forEach(response::header);
    return response.build();
  }
}
