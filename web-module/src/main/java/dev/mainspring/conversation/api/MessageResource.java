package dev.mainspring.conversation.api;

import dev.mainspring.conversation.service.MessageOrder;
import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.conversation.service.MessageView;
import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.realtime.api.LastEventId;
import dev.mainspring.realtime.api.RelayRequest;
import dev.mainspring.realtime.api.SseRelay;
import dev.mainspring.realtime.service.StreamRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
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
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Messages of a thread: {@code /api/threads/{thread_id}/messages}. Bodies are read as JSON objects
 * here because {@code content} is a string or an object; the service checks the rest.
 */
@Path("api/threads/{thread_id}/messages")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class MessageResource {

  private static final Set<String> POST_KEYS = Set.of("role", "content");
  private static final Set<String> PATCH_KEYS = Set.of("content");

  private static final String SSE = "text/event-stream";

  @Inject MessageService messages;
  @Inject SseRelay relay;

  @Inject
  @ConfigProperty(name = "mainspring.streams.heartbeat-seconds", defaultValue = "15")
  long heartbeatSeconds;

  @GET
  public MessageList list(
      @PathParam("thread_id") UUID threadId,
      @QueryParam("order") String order,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<MessageView> page =
        messages.list(threadId, MessageOrder.parse(order), QueryParams.page(limit, cursor));
    return new MessageList(
        page.items().stream().map(MessageResponse::of).toList(), page.nextCursor());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response post(
      @PathParam("thread_id") UUID threadId, @NotNull JsonObject body, @Context UriInfo uri) {
    onlyKeys(body, POST_KEYS);
    MessageView created = messages.post(threadId, role(body), body.get("content"));
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .tag(ETags.of(created.version()))
        .entity(MessageResponse.of(created))
        .build();
  }

  @DELETE
  public RangeDeleted deleteAfter(
      @PathParam("thread_id") UUID threadId, @QueryParam("after") String after) {
    UUID anchor = QueryParams.uuid("after", after);
    if (anchor == null) {
      throw new InvalidRequestException(
          "invalid_after", "name the message to delete after: ?after={message_id}");
    }
    return new RangeDeleted(messages.deleteAfter(threadId, anchor));
  }

  @GET
  @Path("events")
  public MessageEventList events(
      @PathParam("thread_id") UUID threadId,
      @QueryParam("after_sequence") String afterSequence,
      @QueryParam("limit") String limit) {
    long after = 0;
    if (afterSequence != null && !afterSequence.isBlank()) {
      try {
        after = Long.parseLong(afterSequence.trim());
      } catch (NumberFormatException e) {
        throw new InvalidRequestException(
            "invalid_after_sequence", "after_sequence must be a whole number");
      }
    }
    return MessageEventList.of(messages.events(threadId, after, QueryParams.limit(limit, 100)));
  }

  /**
   * The thread's message events live, as Server-Sent Events ({@code id: <sequence>}, {@code event:
   * <type>}, {@code data: <the event's JSON>}): what comes after {@code Last-Event-ID} (or {@code
   * ?last_event_id=}, else from the first event kept), then each new event as it is committed, on
   * any instance. Checked as {@link #events} is; the response goes on after this method returns.
   */
  @GET
  @Path("stream")
  @Produces(SSE)
  public void stream(
      @PathParam("thread_id") UUID threadId,
      @HeaderParam("Last-Event-ID") String lastEventId,
      @QueryParam("last_event_id") String lastEventIdParam,
      @Suspended AsyncResponse async,
      @Context HttpServletRequest request) {
    long after = LastEventId.parse(lastEventId, lastEventIdParam);
    StreamRef ref = messages.eventStream(threadId);
    relay.open(
        request,
        RelayRequest.of(
            ref.orgId(),
            ref.stream(),
            after,
            RelayRequest::standardFrame,
            Duration.ofSeconds(heartbeatSeconds)));
  }

  @GET
  @Path("{message_id}")
  public Response get(
      @PathParam("thread_id") UUID threadId, @PathParam("message_id") UUID messageId) {
    MessageView message = messages.get(threadId, messageId);
    return ok(message);
  }

  @PATCH
  @Path("{message_id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public Response edit(
      @PathParam("thread_id") UUID threadId,
      @PathParam("message_id") UUID messageId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull JsonObject body) {
    onlyKeys(body, PATCH_KEYS);
    return ok(
        messages.edit(threadId, messageId, body.get("content"), ETags.expectedVersion(ifMatch)));
  }

  @DELETE
  @Path("{message_id}")
  public Response delete(
      @PathParam("thread_id") UUID threadId,
      @PathParam("message_id") UUID messageId,
      @HeaderParam("If-Match") String ifMatch) {
    messages.delete(threadId, messageId, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }

  @GET
  @Path("{message_id}/edits")
  public MessageEditList edits(
      @PathParam("thread_id") UUID threadId, @PathParam("message_id") UUID messageId) {
    return MessageEditList.of(messages.edits(threadId, messageId));
  }

  @PUT
  @Path("{message_id}/reactions/{emoji}")
  public Response react(
      @PathParam("thread_id") UUID threadId,
      @PathParam("message_id") UUID messageId,
      @PathParam("emoji") String emoji) {
    return ok(messages.react(threadId, messageId, emoji));
  }

  @DELETE
  @Path("{message_id}/reactions/{emoji}")
  public Response unreact(
      @PathParam("thread_id") UUID threadId,
      @PathParam("message_id") UUID messageId,
      @PathParam("emoji") String emoji) {
    return ok(messages.unreact(threadId, messageId, emoji));
  }

  private static Response ok(MessageView message) {
    return Response.ok(MessageResponse.of(message)).tag(ETags.of(message.version())).build();
  }

  private static String role(JsonObject body) {
    JsonValue role = body.get("role");
    if (role == null || role.getValueType() == JsonValue.ValueType.NULL) {
      return null;
    }
    if (role instanceof JsonString s) {
      return s.getString();
    }
    throw new InvalidRequestException(
        "invalid_role", "role must be one of system, user, assistant, tool");
  }

  private static void onlyKeys(JsonObject body, Set<String> allowed) {
    for (String key : body.keySet()) {
      if (!allowed.contains(key)) {
        throw new InvalidRequestException(
            "unknown_field", "the body has no member " + key + "; it takes " + allowed);
      }
    }
  }
}
