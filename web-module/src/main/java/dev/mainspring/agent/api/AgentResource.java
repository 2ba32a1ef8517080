package dev.mainspring.agent.api;

import dev.mainspring.agent.service.AgentDraft;
import dev.mainspring.agent.service.AgentRevisionView;
import dev.mainspring.agent.service.AgentService;
import dev.mainspring.agent.service.AgentView;
import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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
import java.util.UUID;

/**
 * An organization's agents (issue 14). The entity tag of an agent is its current version number:
 * every change makes a new version, so the tag moves with each one.
 */
@Path("api/agents")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class AgentResource {

  @Inject AgentService agents;

  @GET
  public AgentList list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    Page<AgentView> page = agents.list(QueryParams.page(limit, cursor));
    return new AgentList(page.items().stream().map(AgentResponse::of).toList(), page.nextCursor());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid AgentDraft body, @Context UriInfo uri) {
    AgentView created = agents.create(body);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .tag(ETags.of(created.current().version()))
        .entity(AgentResponse.of(created))
        .build();
  }

  /** The organization's default agent, the one a run that names none uses. */
  @GET
  @Path("default")
  public Response getDefault() {
    return ok(agents.getDefault());
  }

  @GET
  @Path("{agent_id}")
  public Response get(@PathParam("agent_id") UUID agentId) {
    return ok(agents.get(agentId));
  }

  /** Merges the members given into a new version. */
  @PATCH
  @Path("{agent_id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public Response patch(
      @PathParam("agent_id") UUID agentId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid AgentDraft body) {
    return ok(agents.update(agentId, body, false, ETags.expectedVersion(ifMatch)));
  }

  /** Replaces the settings with a new version; members left out take their defaults. */
  @PUT
  @Path("{agent_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replace(
      @PathParam("agent_id") UUID agentId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid AgentDraft body) {
    return ok(agents.update(agentId, body, true, ETags.expectedVersion(ifMatch)));
  }

  @DELETE
  @Path("{agent_id}")
  public Response delete(
      @PathParam("agent_id") UUID agentId, @HeaderParam("If-Match") String ifMatch) {
    agents.delete(agentId, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }

  @GET
  @Path("{agent_id}/versions")
  public AgentVersionList versions(
      @PathParam("agent_id") UUID agentId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<AgentRevisionView> page = agents.versions(agentId, QueryParams.page(limit, cursor));
    return new AgentVersionList(
        page.items().stream().map(AgentVersionResponse::of).toList(), page.nextCursor());
  }

  @GET
  @Path("{agent_id}/versions/{version: [0-9]{1,9}}")
  public AgentVersionResponse version(
      @PathParam("agent_id") UUID agentId, @PathParam("version") int version) {
    return AgentVersionResponse.of(agents.version(agentId, version));
  }

  private static Response ok(AgentView agent) {
    return Response.ok(AgentResponse.of(agent)).tag(ETags.of(agent.current().version())).build();
  }
}
