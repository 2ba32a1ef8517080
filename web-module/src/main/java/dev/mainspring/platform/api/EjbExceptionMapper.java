package dev.mainspring.platform.api;

import jakarta.ejb.EJBException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;

/**
 * An exception that reached the resource wrapped by the EJB container (a system exception inside a
 * service, or a transaction that failed to commit). Answers as the first cause that has a mapper of
 * its own would, so an optimistic-lock failure at commit is still a 409; with no such cause it is a
 * 500, unless the database refused a value the client sent (a 400, {@link DatabaseRefusals}).
 */
@Provider
public class EjbExceptionMapper implements ExceptionMapper<EJBException> {

  @Context Providers providers;

  public EjbExceptionMapper() {}

  EjbExceptionMapper(Providers providers) {
    this.providers = providers;
  }

  @Override
  public Response toResponse(EJBException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      Response response = mapWithOwnMapper(cause);
      if (response != null) {
        return response;
      }
    }
    return UnexpectedExceptionMapper.unexpected(e);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Response mapWithOwnMapper(Throwable cause) {
    ExceptionMapper mapper = providers.getExceptionMapper(cause.getClass());
    if (mapper == null
        || mapper instanceof UnexpectedExceptionMapper
        || mapper instanceof EjbExceptionMapper) {
      return null;
    }
    return mapper.toResponse(cause);
  }
}
