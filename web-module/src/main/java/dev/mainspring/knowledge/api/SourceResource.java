package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.SourceRequest;
import dev.mainspring.knowledge.service.SourceService;
import dev.mainspring.knowledge.service.SourceView;
import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncRunView;
import dev.mainspring.platform.api.ETags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.util.UUID;

/** Sources of a knowledge base (document C): admins read, superadmins write. */
@Path("v1/context/knowledge-bases/{knowledge_base_id}/sources")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class SourceResource {

  @Inject SourceService sources;
  @Inject SyncJob syncJob;

  /** The sources, oldest first. */
  public record SourceList(List<SourceView> sources) {}

  @GET
  public SourceList list(@PathParam("knowledge_base_id") UUID knowledgeBaseId) {
    return new SourceList(sources.list(knowledgeBaseId));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @NotNull @Valid SourceRequest body,
      @Context UriInfo uri) {
    SourceView created = sources.create(knowledgeBaseId, body);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .tag(ETags.of(created.version()))
        .entity(created)
        .build();
  }

  @PUT
  @Path("{source_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replace(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @PathParam("source_id") UUID sourceId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid SourceRequest body) {
    SourceView source =
        sources.replace(knowledgeBaseId, sourceId, body, ETags.expectedVersion(ifMatch));
    return Response.ok(source).tag(ETags.of(source.version())).build();
  }

  @DELETE
  @Path("{source_id}")
  public Response delete(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @PathParam("source_id") UUID sourceId,
      @HeaderParam("If-Match") String ifMatch) {
    sources.delete(knowledgeBaseId, sourceId, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }

  /** "Sync now": 202 with the queued run, its Location under {@code sync-runs}. */
  @POST
  @Path("{source_id}/sync")
  public Response sync(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @PathParam("source_id") UUID sourceId,
      @Context UriInfo uri) {
    SyncRunView run = syncJob.start(knowledgeBaseId, sourceId);
    return Response.accepted(run)
        .location(
            uri.getBaseUriBuilder()
                .path("v1/context/knowledge-bases")
                .path(knowledgeBaseId.toString())
                .path("sync-runs")
                .path(run.id().toString())
                .build())
        .build();
  }
}
