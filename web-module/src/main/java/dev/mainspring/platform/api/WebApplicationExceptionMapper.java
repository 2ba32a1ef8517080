package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Errors the JAX-RS runtime raises itself: unknown path (404), method not allowed (405), not
 * acceptable (406), unsupported media type (415), unparseable parameters or body (400). Keeps the
 * status and headers (such as Allow) and writes a problem body. Logged at FINE, or at SEVERE with
 * the request id for a 5xx.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  private static final Logger LOG = Logger.getLogger(WebApplicationExceptionMapper.class.getName());

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original.getStatus();
    if (status == 400) {
      MainspringException domain = MalformedJsonMapper.causeOfType(e, MainspringException.class);
      if (domain != null) {
        return new MainspringExceptionMapper().toResponse(domain);
      }
      if (MalformedJsonMapper.isJsonError(e)) {
        return MalformedJsonMapper.problem(e).toResponse();
      }
    }
    if (status >= 500) {
      LOG.log(Level.SEVERE, "Request " + RequestIds.current() + " failed with " + status, e);
    } else {
      LOG.log(Level.FINE, "{0} {1}", new Object[] {status, e.getMessage()});
    }
    Response.StatusType type = Response.Status.fromStatusCode(status);
    String title =
        type == null ? original.getStatusInfo().getReasonPhrase() : type.getReasonPhrase();
    String code = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    Response.ResponseBuilder response =
        Problem.of(status, title, code, detailOf(status, e)).response();
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> response.header(name, v));
              }
            });
    return response.build();
  }

  private static String detailOf(int status, WebApplicationException e) {
    return switch (status) {
      case 404 -> "no resource at this path";
      case 405 -> "this method is not allowed on this path";
      case 406 -> "no representation matches the Accept header";
      case 415 -> "this content type is not accepted here; send application/json";
      default -> status >= 500 || e.getMessage() == null ? "request failed" : e.getMessage();
    };
  }
}
