package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.DocumentIngestion;
import dev.mainspring.knowledge.service.DocumentView;
import dev.mainspring.knowledge.service.KnowledgeBaseRequest;
import dev.mainspring.knowledge.service.KnowledgeBaseService;
import dev.mainspring.knowledge.service.KnowledgeBaseView;
import dev.mainspring.knowledge.service.KnowledgeSearch;
import dev.mainspring.knowledge.service.QueryRequest;
import dev.mainspring.knowledge.service.QueryResultView;
import dev.mainspring.knowledge.service.SyncJob;
import dev.mainspring.knowledge.service.SyncRunView;
import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.RequestIds;
import dev.mainspring.platform.error.InvalidRequestException;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Managed knowledge bases of document C, their uploads, their retrieval test and their resync:
 * admins read and query, superadmins write, upload and resync.
 */
@Path("v1/context/knowledge-bases")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class KnowledgeBaseResource {

  @Inject KnowledgeBaseService knowledgeBases;
  @Inject DocumentIngestion ingestion;
  @Inject KnowledgeSearch search;
  @Inject SyncJob syncJob;

  @Inject
  @ConfigProperty(name = "mainspring.context.max-upload-bytes", defaultValue = "1048576")
  long maxUploadBytes;

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

  /**
   * Uploads one file (the multipart part named {@code file}) as a new document; 413 {@code
   * upload_too_large} over {@code mainspring.context.max-upload-bytes}, 400 for a file that cannot
   * be read (nothing is stored then).
   */
  @POST
  @Path("{knowledge_base_id}/uploads")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response upload(
      @PathParam("knowledge_base_id") UUID id,
      @HeaderParam("Content-Type") String contentType,
      byte[] body,
      @Context UriInfo uri) {
    MultipartForm.Part file =
        MultipartForm.parse(contentType, body == null ? new byte[0] : body).stream()
            .filter(part -> "file".equals(part.name()) && part.fileName() != null)
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "file_required", "the form needs a file part named file"));
    if (file.content().length > maxUploadBytes) {
      throw new UploadTooLargeException(maxUploadBytes);
    }
    DocumentView created =
        ingestion.upload(id, file.fileName(), file.content(), RequestIds.current());
    return Response.created(
            uri.getBaseUriBuilder()
                .path("v1/context/knowledge-bases")
                .path(id.toString())
                .path("documents")
                .path(created.id().toString())
                .build())
        .tag(ETags.of(created.version()))
        .entity(created)
        .build();
  }

  /** Document C's retrieval test: the chunks nearest to the query, with their documents. */
  @POST
  @Path("{knowledge_base_id}/query")
  @Consumes(MediaType.APPLICATION_JSON)
  public QueryResultView query(
      @PathParam("knowledge_base_id") UUID id, @NotNull @Valid QueryRequest body) {
    return search.query(id, body, RequestIds.current());
  }

  /**
   * Resync (document C): 202 with the queued run, its Location under {@code sync-runs}; the run
   * reconciles the active local_directory sources, then rebuilds the chunks of every stored
   * document.
   */
  @POST
  @Path("{knowledge_base_id}/resync")
  public Response resync(@PathParam("knowledge_base_id") UUID id, @Context UriInfo uri) {
    SyncRunView run = syncJob.resync(id);
    return Response.accepted(run)
        .location(
            uri.getBaseUriBuilder()
                .path("v1/context/knowledge-bases")
                .path(id.toString())
                .path("sync-runs")
                .path(run.id().toString())
                .build())
        .build();
  }

  private static Response withETag(KnowledgeBaseView kb) {
    return Response.ok(kb).tag(ETags.of(kb.version())).build();
  }
}
