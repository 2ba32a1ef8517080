package dev.mainspring.realtime.api;

import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.realtime.service.RealtimeQueues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Document B's realtime API: register a queue, long-poll it with a cursor, delete it. A poll
 * answers at once when there are events after the cursor, else when the first ones come, else empty
 * after {@code timeout} seconds (at most 30). See {@link RealtimeQueues}.
 */
@Path("realtime/queues")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class RealtimeResource {

  /** The longest a poll waits, in seconds. */
  static final int MAX_WAIT_SECONDS = 30;

  @Inject RealtimeQueues queues;
  @Inject LongPolls polls;

  /** A registered queue. */
  @JsonbPropertyOrder({"queueId", "cursor", "createdAt"})
  public record QueueResponse(UUID queueId, String cursor, Instant createdAt) {}

  /** An event of a poll. */
  @JsonbPropertyOrder({"cursor", "stream", "sequence", "type", "data", "createdAt"})
  public record EventResponse(
      String cursor,
      String stream,
      long sequence,
      String type,
      JsonObject data,
      Instant createdAt) {}

  /** What a poll answers. */
  @JsonbPropertyOrder({"events", "cursor"})
  public record PollResponse(List<EventResponse> events, String cursor) {

    static PollResponse of(RealtimeQueues.Poll poll) {
      return new PollResponse(
          poll.events().stream()
              .map(
                  e ->
                      new EventResponse(
                          e.cursor(), e.stream(), e.sequence(), e.type(), e.data(), e.createdAt()))
              .toList(),
          poll.cursor());
    }
  }

  @POST
  public Response register(@Context UriInfo uri) {
    RealtimeQueues.QueueView made = queues.register();
    return Response.created(uri.getAbsolutePathBuilder().path(made.id().toString()).build())
        .entity(new QueueResponse(made.id(), made.cursor(), made.createdAt()))
        .build();
  }

  @GET
  @Path("{queue_id}/events")
  public void poll(
      @PathParam("queue_id") UUID queueId,
      @QueryParam("cursor") String cursor,
      @QueryParam("timeout") String timeout,
      @QueryParam("limit") String limit,
      @Suspended AsyncResponse async) {
    int wait = QueryParams.intInRange("timeout", timeout, MAX_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
    int most =
        QueryParams.intInRange(
            "limit", limit, RealtimeQueues.MAX_EVENTS, 1, RealtimeQueues.MAX_EVENTS);
    RealtimeQueues.Poll found = queues.poll(queueId, cursor, most);
    if (!found.events().isEmpty() || wait == 0) {
      async.resume(PollResponse.of(found));
      return;
    }
    polls.await(found, most, wait, async, PollResponse::of);
  }

  @DELETE
  @Path("{queue_id}")
  public Response delete(@PathParam("queue_id") UUID queueId) {
    queues.delete(queueId);
    return Response.noContent().build();
  }
}
