package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.DocumentIngestion;
import dev.mainspring.knowledge.service.DocumentRequest;
import dev.mainspring.knowledge.service.DocumentService;
import dev.mainspring.knowledge.service.DocumentView;
import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.api.RequestIds;
import dev.mainspring.platform.service.Page;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** Documents of a knowledge base (document C): admins read, superadmins write. */
@Path("v1/context/knowledge-bases/{knowledge_base_id}/documents")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class DocumentResource {

  @Inject DocumentService documents;
  @Inject DocumentIngestion ingestion;

  /** A page of documents, newest first, without their text. */
  public record DocumentList(List<DocumentView> documents, String nextCursor) {}

  @GET
  public DocumentList list(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<DocumentView> page = documents.list(knowledgeBaseId, QueryParams.page(limit, cursor));
    return new DocumentList(page.items(), page.nextCursor());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @NotNull @Valid DocumentRequest body,
      @Context UriInfo uri) {
    DocumentView created = ingestion.create(knowledgeBaseId, body, RequestIds.current());
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .tag(ETags.of(created.version()))
        .entity(created)
        .build();
  }

  @GET
  @Path("{document_id}")
  public Response get(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @PathParam("document_id") UUID documentId) {
    return withETag(documents.get(knowledgeBaseId, documentId));
  }

  @PUT
  @Path("{document_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replace(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @PathParam("document_id") UUID documentId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid DocumentRequest body) {
    return withETag(
        ingestion.replace(
            knowledgeBaseId,
            documentId,
            body,
            ETags.expectedVersion(ifMatch),
            RequestIds.current()));
  }

  @DELETE
  @Path("{document_id}")
  public Response delete(
      @PathParam("knowledge_base_id") UUID knowledgeBaseId,
      @PathParam("document_id") UUID documentId,
      @HeaderParam("If-Match") String ifMatch) {
    ingestion.delete(knowledgeBaseId, documentId, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }

  static Response withETag(DocumentView document) {
    return Response.ok(document).tag(ETags.of(document.version())).build();
  }
}
