package dev.mainspring.library.api;

import dev.mainspring.conversation.api.ThreadResponse;
import dev.mainspring.library.service.LibraryService;
import dev.mainspring.library.service.LibraryService.ChangeItem;
import dev.mainspring.library.service.LibraryService.PinView;
import dev.mainspring.library.service.LibraryService.SaveItem;
import dev.mainspring.library.service.LibraryService.SavedItemView;
import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Document A's pins and wishlists: the caller's pinned threads ({@code /api/pins}) and saved items
 * ({@code /api/wishlist}: messages, agents, prompts), with the cursor, ETag and error conventions
 * of projects and threads.
 */
@Path("api")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class LibraryResource {

  @Inject LibraryService library;

  /** A pinned thread. */
  @JsonbPropertyOrder({"threadId", "pinnedAt", "thread"})
  public record PinResponse(UUID threadId, Instant pinnedAt, ThreadResponse thread) {
    static PinResponse of(PinView pin) {
      return new PinResponse(pin.threadId(), pin.pinnedAt(), ThreadResponse.of(pin.thread()));
    }
  }

  /** A page of pins. */
  public record PinList(List<PinResponse> pins, String nextCursor) {}

  /** A saved item. */
  @JsonbPropertyOrder({
    "id",
    "kind",
    "threadId",
    "messageId",
    "agentId",
    "prompt",
    "title",
    "note",
    "createdAt",
    "updatedAt"
  })
  public record SavedItemResponse(
      UUID id,
      String kind,
      UUID threadId,
      UUID messageId,
      UUID agentId,
      String prompt,
      String title,
      String note,
      Instant createdAt,
      Instant updatedAt) {
    static SavedItemResponse of(SavedItemView s) {
      return new SavedItemResponse(
          s.id(),
          s.kind(),
          s.threadId(),
          s.messageId(),
          s.agentId(),
          s.prompt(),
          s.title(),
          s.note(),
          s.createdAt(),
          s.updatedAt());
    }
  }

  /** A page of saved items. */
  public record SavedItemList(List<SavedItemResponse> items, String nextCursor) {}

  @GET
  @Path("pins")
  public PinList pins(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    Page<PinView> page = library.pins(QueryParams.page(limit, cursor));
    return new PinList(page.items().stream().map(PinResponse::of).toList(), page.nextCursor());
  }

  @PUT
  @Path("pins/{thread_id}")
  public Response pin(@PathParam("thread_id") UUID threadId) {
    LibraryService.Pinned pinned = library.pin(threadId);
    return Response.status(pinned.created() ? 201 : 200)
        .entity(PinResponse.of(pinned.pin()))
        .build();
  }

  @DELETE
  @Path("pins/{thread_id}")
  public Response unpin(@PathParam("thread_id") UUID threadId) {
    library.unpin(threadId);
    return Response.noContent().build();
  }

  @GET
  @Path("wishlist")
  public SavedItemList saved(
      @QueryParam("kind") String kind,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<SavedItemView> page = library.saved(kind, QueryParams.page(limit, cursor));
    return new SavedItemList(
        page.items().stream().map(SavedItemResponse::of).toList(), page.nextCursor());
  }

  @POST
  @Path("wishlist")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response save(@NotNull SaveItem body, @Context UriInfo uri) {
    SavedItemView saved = library.save(body);
    return Response.created(uri.getAbsolutePathBuilder().path(saved.id().toString()).build())
        .tag(ETags.of(saved.version()))
        .entity(SavedItemResponse.of(saved))
        .build();
  }

  @GET
  @Path("wishlist/{id}")
  public Response get(@PathParam("id") UUID id) {
    SavedItemView item = library.get(id);
    return Response.ok(SavedItemResponse.of(item)).tag(ETags.of(item.version())).build();
  }

  @PATCH
  @Path("wishlist/{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public Response change(
      @PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, @NotNull ChangeItem body) {
    SavedItemView item = library.change(id, body, ETags.expectedVersion(ifMatch));
    return Response.ok(SavedItemResponse.of(item)).tag(ETags.of(item.version())).build();
  }

  @DELETE
  @Path("wishlist/{id}")
  public Response delete(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch) {
    library.delete(id, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }
}
