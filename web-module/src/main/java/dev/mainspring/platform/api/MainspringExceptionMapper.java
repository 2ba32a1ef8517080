package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Domain errors (not found, conflict, precondition failed, invalid request, ...). */
@Provider
public class MainspringExceptionMapper implements ExceptionMapper<MainspringException> {

  private static final Logger LOG = Logger.getLogger(MainspringExceptionMapper.class.getName());

  @Override
  public Response toResponse(MainspringException e) {
    LOG.log(Level.FINE, "{0}: {1}", new Object[] {e.code(), e.getMessage()});
    var response = Problem.of(e.status(), e.title(), e.code(), e.getMessage()).response();
    e.headers().forEach(response::header);
    return response.build();
  }
}
