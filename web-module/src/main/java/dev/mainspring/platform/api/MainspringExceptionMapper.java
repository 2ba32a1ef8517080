package dev.mainspring.platform.api;

import dev.mainspring.platform.error.MainspringException;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
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
    Problem problem = Problem.of(e.status(), e.title(), e.code(), e.getMessage());
    var response =
        e.members().isEmpty() && e.details().isEmpty()
            ? problem.response()
            : withMembers(problem, e.members(), e.details());
    e.headers().forEach(response::header);
    return response.build();
  }

  /**
   * The problem with further members at its top level, as RFC 9457 extension members are; written
   * as JSON here, because the record's serialization knows only its own components.
   */
  private static Response.ResponseBuilder withMembers(
      Problem problem, Map<String, List<String>> members, Map<String, String> details) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("type", problem.type())
            .add("title", problem.title())
            .add("status", problem.status())
            .add("detail", problem.detail())
            .add("code", problem.code());
    if (problem.requestId() != null) {
      body.add("request_id", problem.requestId());
    }
    members.forEach((name, values) -> body.add(name, Json.createArrayBuilder(values)));
    details.forEach(body::add);
    return Response.status(problem.status())
        .type(Problem.MEDIA_TYPE)
        .entity(body.build().toString());
  }
}
