package dev.mainspring.project.api;

import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import dev.mainspring.project.service.CreateProject;
import dev.mainspring.project.service.ProjectService;
import dev.mainspring.project.service.ProjectView;
import dev.mainspring.project.service.UpdateProject;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/** Projects of document E. */
@Path("api/projects")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ProjectResource {

  @Inject ProjectService projects;

  @GET
  public ProjectList list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    Page<ProjectView> page = projects.list(QueryParams.page(limit, cursor));
    return new ProjectList(
        page.items().stream().map(ProjectResponse::of).toList(), page.nextCursor());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid CreateProject body, @Context UriInfo uri) {
    ProjectView created = projects.create(body);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .tag(ETags.of(created.version()))
        .entity(ProjectResponse.of(created))
        .build();
  }

  @GET
  @Path("{project_id}")
  public Response get(@PathParam("project_id") UUID projectId) {
    ProjectView project = projects.get(projectId);
    return Response.ok(ProjectResponse.of(project)).tag(ETags.of(project.version())).build();
  }

  @PATCH
  @Path("{project_id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public Response update(
      @PathParam("project_id") UUID projectId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid UpdateProject body) {
    ProjectView project = projects.update(projectId, body, ETags.expectedVersion(ifMatch));
    return Response.ok(ProjectResponse.of(project)).tag(ETags.of(project.version())).build();
  }

  @DELETE
  @Path("{project_id}")
  public Response delete(
      @PathParam("project_id") UUID projectId, @HeaderParam("If-Match") String ifMatch) {
    projects.delete(projectId, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }
}
