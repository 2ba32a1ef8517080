package dev.mainspring.catalog.api;

import dev.mainspring.billing.api.RateLimited;
import dev.mainspring.catalog.service.PlaygroundMessage;
import dev.mainspring.catalog.service.PlaygroundOptionsView;
import dev.mainspring.catalog.service.PlaygroundRuns;
import dev.mainspring.catalog.service.PlaygroundService;
import dev.mainspring.catalog.service.PlaygroundSessionView;
import dev.mainspring.identity.api.CallerScope;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.api.ETags;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.realtime.api.RelayRequest;
import dev.mainspring.realtime.api.SseRelay;
import dev.mainspring.realtime.service.StreamRef;
import dev.mainspring.run.api.RunEndings;
import dev.mainspring.run.api.RunFrames;
import dev.mainspring.run.service.RunService;
import dev.mainspring.run.service.RunView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.servlet.http.HttpServletRequest;
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
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Document C's playgrounds: a user's {@code chat} and {@code knowledge} sessions, their persisted
 * messages, a message answered in one request ({@code /messages}) or streamed as the run's events
 * ({@code /messages/stream}, Server-Sent Events as {@code /api/agent-run/{id}/stream} sends them),
 * and the options a session may pick.
 */
@Path("v1/playgrounds")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class PlaygroundResource {

  static final int MAX_WAIT_SECONDS = 300;
  static final int DEFAULT_WAIT_SECONDS = 120;

  @Inject PlaygroundService playgrounds;
  @Inject PlaygroundRuns playgroundRuns;
  @Inject RunService runs;
  @Inject RunEndings endings;
  @Inject CurrentCaller currentCaller;
  @Inject SseRelay relay;
  @Inject CallerScope scope;
  @Context UriInfo uri;

  @Inject
  @ConfigProperty(name = "mainspring.streams.heartbeat-seconds", defaultValue = "15")
  int heartbeatSeconds;

  /** A page of sessions (without their messages). */
  public record SessionList(List<PlaygroundSessionView> items, String nextCursor) {}

  /**
   * What sending a message answers: the session with its messages, the run that answered, and the
   * answer (null while the run goes on: 202).
   */
  @JsonbPropertyOrder({"session", "run", "message"})
  public record MessageResponse(
      PlaygroundSessionView session, ExecutionResponse run, PlaygroundMessage message) {}

  @GET
  @Path("sessions")
  public SessionList list(
      @QueryParam("playground_kind") String kind,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<PlaygroundSessionView> page = playgrounds.list(kind, QueryParams.page(limit, cursor));
    return new SessionList(page.items(), page.nextCursor());
  }

  @POST
  @Path("sessions")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(JsonObject body) {
    PlaygroundSessionView made = playgrounds.create(Bodies.required(body));
    return Response.created(uri.getAbsolutePathBuilder().path(made.id().toString()).build())
        .tag(ETags.of(made.version()))
        .entity(made)
        .build();
  }

  @GET
  @Path("sessions/{id}")
  public Response get(@PathParam("id") UUID id) {
    PlaygroundSessionView session = playgrounds.get(id);
    return Response.ok(session).tag(ETags.of(session.version())).build();
  }

  @PATCH
  @Path("sessions/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, JsonObject body) {
    PlaygroundSessionView session =
        playgrounds.update(id, Bodies.required(body), ETags.expectedVersion(ifMatch));
    return Response.ok(session).tag(ETags.of(session.version())).build();
  }

  @DELETE
  @Path("sessions/{id}")
  public Response delete(@PathParam("id") UUID id) {
    playgrounds.delete(id);
    return Response.noContent().build();
  }

  /**
   * Sends {@code {"content"}} and answers, after the run has ended (or after {@code
   * timeout_seconds}, 1 to 300, default 120, with 202 as it is then), with the session's messages
   * and the answer.
   */
  @POST
  @Path("sessions/{id}/messages")
  @Consumes(MediaType.APPLICATION_JSON)
  @RateLimited
  public void send(@PathParam("id") UUID id, JsonObject body, @Suspended AsyncResponse async) {
    JsonObject checked = Bodies.required(body);
    String content = content(checked);
    int wait =
        checked.containsKey("timeout_seconds")
            ? QueryParams.intInRange(
                "timeout_seconds",
                checked.get("timeout_seconds").toString(),
                DEFAULT_WAIT_SECONDS,
                1,
                MAX_WAIT_SECONDS)
            : DEFAULT_WAIT_SECONDS;
    Caller caller = currentCaller.get();
    RunView run = playgroundRuns.send(id, content);
    endings.await(
        caller,
        run,
        wait,
        async,
        ended -> {
          PlaygroundSessionView session = sessionAfter(caller, id);
          ExecutionResponse execution =
              ExecutionResponse.of(ended.run(), null, null, ended.messages());
          PlaygroundMessage answer = null;
          for (PlaygroundMessage m : session.messages()) {
            if (ended.run().id().equals(m.runId()) && "assistant".equals(m.role())) {
              answer = m;
            }
          }
          MessageResponse response = new MessageResponse(session, execution, answer);
          return (ended.finished() ? Response.ok(response) : Response.accepted(response))
              .type(MediaType.APPLICATION_JSON)
              .build();
        });
  }

  /**
   * Sends {@code {"content"}} and streams the answering run's events as Server-Sent Events until
   * the run ends; the client may resume with {@code GET /api/agent-run/{run_id}/stream} and {@code
   * Last-Event-ID} (the first event names the run).
   */
  @POST
  @Path("sessions/{id}/messages/stream")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RateLimited
  public void stream(
      @PathParam("id") UUID id,
      JsonObject body,
      @Suspended AsyncResponse async,
      @Context HttpServletRequest request) {
    String content = content(Bodies.required(body));
    RunView run = playgroundRuns.send(id, content);
    Optional<StreamRef> found = runs.eventStream(run.id(), 0);
    if (found.isEmpty()) {
      async.resume(Response.noContent().build());
      return;
    }
    StreamRef ref = found.get();
    relay.open(
        request,
        new RelayRequest(
            ref.orgId(),
            ref.stream(),
            0,
            RunFrames::frame,
            RunFrames::last,
            null,
            Duration.ofSeconds(heartbeatSeconds),
            RunFrames.PING));
  }

  @GET
  @Path("options")
  public PlaygroundOptionsView options() {
    return playgrounds.options();
  }

  /** The session as it is now; runs on the waiter's thread, so with the caller set up there. */
  private PlaygroundSessionView sessionAfter(Caller caller, UUID id) {
    return scope.as(caller, () -> playgrounds.get(id));
  }

  private static String content(JsonObject body) {
    for (String name : new String[] {"content", "message", "prompt"}) {
      if (body.get(name) instanceof JsonString s && !s.getString().isBlank()) {
        if (s.getString().length() > 100_000) {
          throw new InvalidRequestException(
              "invalid_content", "content must be at most 100000 characters");
        }
        return s.getString();
      }
    }
    throw new InvalidRequestException("content_required", "a message needs its content");
  }
}
