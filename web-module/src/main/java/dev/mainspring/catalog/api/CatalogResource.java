package dev.mainspring.catalog.api;

import dev.mainspring.catalog.service.CatalogAgentView;
import dev.mainspring.catalog.service.CatalogService;
import dev.mainspring.catalog.service.CatalogToolView;
import dev.mainspring.catalog.service.ValidationView;
import dev.mainspring.platform.api.ETags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * Document C's typed catalog of agents and tools (superadmin; deleting a user agent also its
 * owner). Every create and update writes a new registry version, whose number is the entry's {@code
 * version} and ETag; {@code If-Match} on {@code PUT} guards against a lost update.
 */
@Path("v1/catalog")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class CatalogResource {

  @Inject CatalogService catalog;
  @Context UriInfo uri;

  /** The catalog's agents. */
  public record AgentList(List<CatalogAgentView> agents) {}

  /** The catalog's tools. */
  public record ToolList(List<CatalogToolView> tools) {}

  @GET
  @Path("agents")
  public AgentList agents() {
    return new AgentList(catalog.agents());
  }

  @POST
  @Path("agents")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createAgent(JsonObject body) {
    CatalogAgentView agent = catalog.createAgent(Bodies.required(body));
    return Response.created(uri.getAbsolutePathBuilder().path(agent.id()).build())
        .tag(ETags.of(agent.version()))
        .entity(agent)
        .build();
  }

  @GET
  @Path("agents/{id}")
  public Response agent(@PathParam("id") String id) {
    CatalogAgentView agent = catalog.agent(id);
    return Response.ok(agent).tag(ETags.of(agent.version())).build();
  }

  @PUT
  @Path("agents/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response updateAgent(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, JsonObject body) {
    CatalogAgentView agent =
        catalog.updateAgent(id, Bodies.required(body), Bodies.catalogVersion(ifMatch));
    return Response.ok(agent).tag(ETags.of(agent.version())).build();
  }

  @DELETE
  @Path("agents/{id}")
  public Response deleteAgent(@PathParam("id") String id) {
    catalog.deleteAgent(id);
    return Response.noContent().build();
  }

  @POST
  @Path("agents/{id}/validate")
  public ValidationView validateAgent(@PathParam("id") String id) {
    return catalog.validateAgent(id);
  }

  @GET
  @Path("tools")
  public ToolList tools() {
    return new ToolList(catalog.tools());
  }

  @POST
  @Path("tools")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response createTool(JsonObject body) {
    CatalogToolView tool = catalog.createTool(Bodies.required(body));
    return Response.created(uri.getAbsolutePathBuilder().path(tool.id()).build())
        .tag(ETags.of(tool.version()))
        .entity(tool)
        .build();
  }

  @GET
  @Path("tools/{id}")
  public Response tool(@PathParam("id") String id) {
    CatalogToolView tool = catalog.tool(id);
    return Response.ok(tool).tag(ETags.of(tool.version())).build();
  }

  @PUT
  @Path("tools/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response updateTool(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, JsonObject body) {
    CatalogToolView tool =
        catalog.updateTool(id, Bodies.required(body), Bodies.catalogVersion(ifMatch));
    return Response.ok(tool).tag(ETags.of(tool.version())).build();
  }

  @POST
  @Path("tools/{id}/validate")
  public ValidationView validateTool(@PathParam("id") String id) {
    return catalog.validateTool(id);
  }
}
