package dev.mainspring.catalog.api;

import dev.mainspring.catalog.service.CatalogService;
import dev.mainspring.catalog.service.RegistryArtifactView;
import dev.mainspring.platform.error.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Document C's registry of versioned runtime artifacts (superadmin): {@code POST
 * /v1/registry/models|agents|tools} writes the next version of {@code {"id", "spec"}}; {@code GET
 * /v1/registry/{kind}/{id}} lists an artifact's versions, newest first.
 */
@Path("v1/registry")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class RegistryResource {

  private static final Map<String, String> KINDS =
      Map.of("models", "model", "agents", "agent", "tools", "tool");

  @Inject CatalogService catalog;

  /** An artifact's versions. */
  public record Versions(List<RegistryArtifactView> versions) {}

  @POST
  @Path("{kind}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(@PathParam("kind") String kind, JsonObject body) {
    RegistryArtifactView made = catalog.register(kind(kind), Bodies.required(body));
    return Response.status(201).entity(made).build();
  }

  @GET
  @Path("{kind}/{id}")
  public Versions versions(@PathParam("kind") String kind, @PathParam("id") String id) {
    return new Versions(catalog.versions(kind(kind), id));
  }

  private static String kind(String plural) {
    String kind = KINDS.get(plural);
    if (kind == null) {
      throw new NotFoundException(
          "not_found", "the registry keeps models, agents and tools, not " + plural);
    }
    return kind;
  }
}
