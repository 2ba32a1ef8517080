package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.KnowledgeBaseRequest;
import dev.mainspring.knowledge.service.KnowledgeBaseService;
import dev.mainspring.knowledge.service.KnowledgeBaseView;
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

/** Managed knowledge bases of document C: admins read, superadmins write. */
@Path("v1/context/knowledge-bases")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class KnowledgeBaseResource {

  @Inject KnowledgeBaseService knowledgeBases;

  /** The knowledge bases, by slug. */
  public record KnowledgeBaseList(List<KnowledgeBaseView> knowledgeBases) {}

  @GET
  public KnowledgeBaseList list() {
    return new KnowledgeBaseList(knowledgeBases.list());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid KnowledgeBaseRequest body, @Context UriInfo uri) {
    KnowledgeBaseView created = knowledgeBases.create(body);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .tag(ETags.of(created.version()))
        .entity(created)
        .build();
  }

  @GET
  @Path("{knowledge_base_id}")
  public Response get(@PathParam("knowledge_base_id") UUID id) {
    return withETag(knowledgeBases.get(id));
  }

  @PUT
  @Path("{knowledge_base_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replace(
      @PathParam("knowledge_base_id") UUID id,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid KnowledgeBaseRequest body) {
    return withETag(knowledgeBases.replace(id, body, ETags.expectedVersion(ifMatch)));
  }

  @DELETE
  @Path("{knowledge_base_id}")
  public Response delete(
      @PathParam("knowledge_base_id") UUID id, @HeaderParam("If-Match") String ifMatch) {
    knowledgeBases.delete(id, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }

  private static Response withETag(KnowledgeBaseView kb) {
    return Response.ok(kb).tag(ETags.of(kb.version())).build();
  }
}
