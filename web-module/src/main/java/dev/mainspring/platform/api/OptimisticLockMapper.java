package dev.mainspring.platform.api;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Two requests changed the same row at once and this one lost: 409 {@code concurrent_modification}.
 * Services flush to report this as a domain error; this mapper covers the case where it only
 * surfaces when the transaction commits.
 */
@Provider
public class OptimisticLockMapper implements ExceptionMapper<OptimisticLockException> {

  @Override
  public Response toResponse(OptimisticLockException e) {
    return Problem.of(
            409,
            "Conflict",
            "concurrent_modification",
            "the resource was changed by another request; read it again")
        .toResponse();
  }
}
