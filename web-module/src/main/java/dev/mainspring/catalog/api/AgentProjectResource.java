package dev.mainspring.catalog.api;

import dev.mainspring.catalog.service.AgentProjectService;
import dev.mainspring.catalog.service.AgentProjectView;
import dev.mainspring.catalog.service.PublishedProjectView;
import dev.mainspring.catalog.service.ValidationView;
import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** Document C's agent projects: the builder's drafts, validated and published into the catalog. */
@Path("v1/agent-projects")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class AgentProjectResource {

  @Inject AgentProjectService projects;
  @Context UriInfo uri;

  /** A page of projects. */
  public record ProjectList(List<AgentProjectView> items, String nextCursor) {}

  @GET
  public ProjectList list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    Page<AgentProjectView> page = projects.list(QueryParams.page(limit, cursor));
    return new ProjectList(page.items(), page.nextCursor());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JsonObject body) {
    AgentProjectView made = projects.create(Bodies.required(body));
    return Response.created(uri.getAbsolutePathBuilder().path(made.id().toString()).build())
        .tag(ETags.of(made.version()))
        .entity(made)
        .build();
  }

  @GET
  @Path("{id}")
  public Response get(@PathParam("id") UUID id) {
    AgentProjectView project = projects.get(id);
    return Response.ok(project).tag(ETags.of(project.version())).build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, JsonObject body) {
    AgentProjectView project =
        projects.update(id, Bodies.required(body), ETags.expectedVersion(ifMatch));
    return Response.ok(project).tag(ETags.of(project.version())).build();
  }

  @POST
  @Path("{id}/validate")
  public ValidationView validate(@PathParam("id") UUID id) {
    return projects.validate(id);
  }

  @POST
  @Path("{id}/publish")
  public PublishedProjectView publish(@PathParam("id") UUID id) {
    return projects.publish(id);
  }
}
