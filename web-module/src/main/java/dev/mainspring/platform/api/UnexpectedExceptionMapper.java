package dev.mainspring.platform.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything no other mapper claims: 500 {@code internal_error}. The body says nothing about the
 * cause; the log line carries the stack trace and the request id the client was given. A value the
 * database refused is the exception: the client's error, a 400 ({@link DatabaseRefusals}).
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    return unexpected(e);
  }

  /** A 400 if the database refused a value the client sent, otherwise a 500. */
  static Response unexpected(Throwable e) {
    Problem refused = DatabaseRefusals.problemFor(e);
    return refused != null ? refused.toResponse() : internalError(e);
  }

  static Response internalError(Throwable e) {
    LOG.log(Level.SEVERE, "Unexpected error serving request " + RequestIds.current(), e);
    return Problem.of(
            500,
            "Internal Server Error",
            "internal_error",
            "the server failed to handle this request; quote the request_id when reporting it")
        .toResponse();
  }
}
