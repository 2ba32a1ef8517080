package dev.mainspring.platform.api;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An error response body, {@code application/problem+json} (RFC 9457) with Mainspring's members: a
 * stable {@code code} for clients to branch on and the {@code request_id} to quote in a support
 * request. {@code detail} is the human sentence, where clients of document E read it.
 *
 * @param errors one entry per invalid field, for validation errors only
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "code", "requestId", "errors"})
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String code,
    String requestId,
    @JsonbNillable(false) List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One invalid field: where it is ({@code body.name}, {@code project_id}) and why. */
  public record FieldError(String field, String message) {}

  /** A problem of the current request, without field errors. */
  public static Problem of(int status, String title, String code, String detail) {
    return of(status, title, code, detail, null);
  }

  public static Problem of(
      int status, String title, String code, String detail, List<FieldError> errors) {
    return new Problem(
        "urn:mainspring:problem:" + code,
        title,
        status,
        detail,
        code,
        RequestIds.current(),
        errors);
  }

  /** A response builder with this problem, its status and media type. */
  public Response.ResponseBuilder response() {
    return Response.status(status).type(MEDIA_TYPE).entity(this);
  }

  /** This problem as a response with its status and media type. */
  public Response toResponse() {
    return response().build();
  }
}
