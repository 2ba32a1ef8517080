package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A request body that is not valid JSON, or JSON of the wrong shape for the endpoint: 400 {@code
 * malformed_json}. The JSON provider reports these as a {@link ProcessingException} (or a 400
 * {@code WebApplicationException}) caused by a JSON-B or JSON-P error. JSON-P's body reader (for a
 * {@code JsonObject} parameter) throws its error unwrapped instead; {@link RequestTextGuard} turns
 * that one into the same 400.
 */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<ProcessingException> {

  private static final Logger LOG = Logger.getLogger(MalformedJsonMapper.class.getName());

  @Override
  public Response toResponse(ProcessingException e) {
    MainspringException domain = causeOfType(e, MainspringException.class);
    if (domain != null) {
      return new MainspringExceptionMapper().toResponse(domain);
    }
    if (isJsonError(e)) {
      return problem(e).toResponse();
    }
    return UnexpectedExceptionMapper.unexpected(e);
  }

  static boolean isJsonError(Throwable e) {
    return causeOfType(e, JsonbException.class) != null
        || causeOfType(e, JsonException.class) != null;
  }

  /** {@code e} or its first cause that is a {@code type}, or null. */
  static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  static Problem problem(Throwable e) {
    LOG.log(Level.FINE, "malformed_json", e);
    return Problem.of(
        400,
        "Bad Request",
        "malformed_json",
        "the request body is not valid JSON for this endpoint");
  }
}
