package dev.mainspring.platform.api;

import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.io.StringReader;

/**
 * Gives every error of an OpenAI-compatible endpoint OpenAI's shape: whichever mapper answered
 * (Mainspring's domain errors, malformed JSON, an unknown path or method, an unexpected failure),
 * its problem+json becomes {@code {"error":{...}}} with the same status, code and message, so the
 * mappers stay one per family and know nothing of OpenAI.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
public class OpenAiErrorShape implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!OpenAiErrors.isOpenAiCall(request.getMethod(), request.getUriInfo().getPath())) {
      return;
    }
    if (response.getEntity() instanceof Problem problem) {
      response.setEntity(
          OpenAiErrors.body(problem.status(), problem.code(), problem.detail()),
          response.getEntityAnnotations(),
          MediaType.APPLICATION_JSON_TYPE);
    } else if (response.getEntity() instanceof String written
        && response.getMediaType() != null
        && Problem.MEDIA_TYPE.equals(
            response.getMediaType().getType() + "/" + response.getMediaType().getSubtype())) {
      // A problem with extension members, which its mapper wrote as JSON text.
      JsonObject problem = Json.createReader(new StringReader(written)).readObject();
      response.setEntity(
          OpenAiErrors.body(
              response.getStatus(), problem.getString("code", ""), problem.getString("detail", "")),
          response.getEntityAnnotations(),
          MediaType.APPLICATION_JSON_TYPE);
    }
  }
}
