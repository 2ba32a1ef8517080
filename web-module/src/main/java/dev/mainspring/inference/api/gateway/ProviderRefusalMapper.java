package dev.mainspring.inference.api.gateway;

import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.platform.api.MainspringExceptionMapper;
import dev.mainspring.platform.api.OpenAiErrors;
import dev.mainspring.platform.api.RequestIds;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A provider's failures. When a provider refused a request of an OpenAI-compatible endpoint itself
 * (a 4xx, such as a prompt longer than the model's context) with an OpenAI error object, that body
 * is passed on as it wrote it, since OpenAI clients act on its code; every other provider failure
 * is a domain error like any other.
 */
@Provider
public class ProviderRefusalMapper implements ExceptionMapper<UpstreamException> {

  @Context UriInfo uriInfo;
  @Context Request request;

  @Override
  public Response toResponse(UpstreamException e) {
    if (e.upstreamBody().filter(ProviderRefusalMapper::isOpenAiError).isPresent()
        && OpenAiErrors.isOpenAiCall(request.getMethod(), uriInfo.getPath())) {
      return Response.status(e.status())
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(e.upstreamBody().get())
          .header(RequestIds.HEADER, RequestIds.current())
          .build();
    }
    return new MainspringExceptionMapper().toResponse(e);
  }

  /** Whether a body is an OpenAI error object; anything else is not passed on. */
  static boolean isOpenAiError(String body) {
    try (JsonReader reader = Jsons.reader(body)) {
      return reader.readValue() instanceof JsonObject object
          && object.get("error") instanceof JsonObject;
    } catch (JsonException | IllegalStateException e) {
      return false;
    }
  }
}
