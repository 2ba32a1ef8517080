package dev.mainspring.inference.api.gateway;

import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.platform.api.RequestIds;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Errors of the OpenAI-compatible endpoints in OpenAI's own shape, {@code {"error":{"message",
 * "type","param","code"}}}, which OpenAI clients parse; Mainspring's other endpoints answer
 * problem+json. A provider's own refusal (4xx) is passed on as the provider wrote it.
 */
final class OpenAiErrors {

  private OpenAiErrors() {}

  static Response of(MainspringException e) {
    if (e instanceof UpstreamException upstream && upstream.upstreamBody().isPresent()) {
      return Response.status(e.status())
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(upstream.upstreamBody().get())
          .header(RequestIds.HEADER, RequestIds.current())
          .build();
    }
    String body =
        Jsons.object()
            .add(
                "error",
                Jsons.object()
                    .add("message", e.getMessage() == null ? e.title() : e.getMessage())
                    .add("type", typeOf(e.status()))
                    .add("param", JsonValue.NULL)
                    .add("code", e.code()))
            .build()
            .toString();
    Response.ResponseBuilder response =
        Response.status(e.status())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(body)
            .header(RequestIds.HEADER, RequestIds.current());
    e.headers().forEach(response::header);
    return response.build();
  }

  /** OpenAI's error type for a status. */
  static String typeOf(int status) {
    return switch (status) {
      case 400, 409, 413, 415, 422 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 429 -> "rate_limit_error";
      default -> "api_error";
    };
  }
}
