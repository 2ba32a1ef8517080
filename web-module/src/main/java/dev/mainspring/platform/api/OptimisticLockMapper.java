package dev.mainspring.platform.api;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Two requests changed the same row at once and this one lost: 409 {@code concurrent_modification}.
 * Services flush to report this as a domain error; this mapper covers the case where it only
 * surfaces when the transaction commits.
 */
@Provider
public class OptimisticLockMapper implements ExceptionMapper<OptimisticLockException> {

  private static final Logger LOG = Logger.getLogger(OptimisticLockMapper.class.getName());

  @Override
  public Response toResponse(OptimisticLockException e) {
    LOG.log(Level.FINE, "concurrent_modification", e);
    return Problem.of(
            409,
            "Conflict",
            "concurrent_modification",
            "the resource was changed by another request; read it again")
        .toResponse();
  }
}
