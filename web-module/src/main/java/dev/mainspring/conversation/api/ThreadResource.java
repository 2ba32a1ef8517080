package dev.mainspring.conversation.api;

import dev.mainspring.conversation.service.CreateThread;
import dev.mainspring.conversation.service.ThreadService;
import dev.mainspring.conversation.service.ThreadView;
import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

/** Threads of document E. */
@Path("api/threads")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ThreadResource {

  @Inject ThreadService threads;

  @GET
  public ThreadList list(
      @QueryParam("project_id") String projectId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<ThreadView> page =
        threads.list(QueryParams.uuid("project_id", projectId), QueryParams.page(limit, cursor));
    return new ThreadList(
        page.items().stream().map(ThreadResponse::of).toList(), page.nextCursor());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid CreateThread body, @Context UriInfo uri) {
    ThreadView created = threads.create(body);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .tag(ETags.of(created.version()))
        .entity(ThreadResponse.of(created))
        .build();
  }

  @GET
  @Path("{thread_id}")
  public Response get(@PathParam("thread_id") UUID threadId) {
    ThreadView thread = threads.get(threadId);
    return Response.ok(ThreadResponse.of(thread)).tag(ETags.of(thread.version())).build();
  }
}
