package dev.mainspring.run.api;

import dev.mainspring.billing.api.RateLimited;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.Page;
import dev.mainspring.realtime.api.LastEventId;
import dev.mainspring.realtime.api.RelayRequest;
import dev.mainspring.realtime.api.SseRelay;
import dev.mainspring.realtime.service.StreamRef;
import dev.mainspring.run.service.ApprovalDecision;
import dev.mainspring.run.service.InitiateRun;
import dev.mainspring.run.service.InitiatedRun;
import dev.mainspring.run.service.RunService;
import dev.mainspring.run.service.RunView;
import dev.mainspring.run.service.StartRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Document E's agent runs. Start and initiate take JSON or form data (URL-encoded or multipart),
 * with the names Kortix/Suna clients send: {@code prompt} (or {@code message}), {@code model_name}
 * (or {@code model}), {@code agent_id}, {@code multitask_strategy}, {@code mode} ({@code run} or
 * {@code plan}); their stream and reasoning flags are accepted and have no effect (every run
 * streams through {@code /stream}).
 */
@Path("api")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class RunResource {

  @Inject RunService runs;
  @Inject SseRelay relay;

  @Inject
  @ConfigProperty(name = "mainspring.streams.heartbeat-seconds", defaultValue = "15")
  int heartbeatSeconds;

  @POST
  @RateLimited
  @Path("thread/{thread_id}/agent/start")
  @Consumes(MediaType.APPLICATION_JSON)
  public RunResponse start(@PathParam("thread_id") UUID threadId, JsonObject body) {
    return RunResponse.of(runs.start(threadId, startOf(fields(body))));
  }

  @POST
  @RateLimited
  @Path("thread/{thread_id}/agent/start")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public RunResponse startForm(
      @PathParam("thread_id") UUID threadId, MultivaluedMap<String, String> form) {
    return RunResponse.of(runs.start(threadId, startOf(fields(form))));
  }

  @POST
  @RateLimited
  @Path("thread/{thread_id}/agent/start")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public RunResponse startMultipart(@PathParam("thread_id") UUID threadId, List<EntityPart> parts) {
    return RunResponse.of(runs.start(threadId, startOf(fields(parts))));
  }

  @POST
  @RateLimited
  @Path("agent/initiate")
  @Consumes(MediaType.APPLICATION_JSON)
  public InitiateResponse initiate(JsonObject body) {
    return initiated(runs.initiate(initiateOf(fields(body))));
  }

  @POST
  @RateLimited
  @Path("agent/initiate")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public InitiateResponse initiateForm(MultivaluedMap<String, String> form) {
    return initiated(runs.initiate(initiateOf(fields(form))));
  }

  @POST
  @RateLimited
  @Path("agent/initiate")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public InitiateResponse initiateMultipart(List<EntityPart> parts) {
    return initiated(runs.initiate(initiateOf(fields(parts))));
  }

  @GET
  @Path("agent-run/{id}")
  public RunResponse get(@PathParam("id") UUID runId) {
    return RunResponse.of(runs.get(runId));
  }

  @GET
  @Path("agent-run/{id}/status")
  public RunStatusResponse status(@PathParam("id") UUID runId) {
    RunResponse run = RunResponse.of(runs.get(runId));
    return new RunStatusResponse(run.id(), run.status(), run.error());
  }

  @POST
  @Path("agent-run/{id}/stop")
  public RunResponse stop(@PathParam("id") UUID runId) {
    return RunResponse.of(runs.stop(runId));
  }

  @POST
  @Path("agent-run/{id}/approve")
  @Consumes(MediaType.APPLICATION_JSON)
  public RunResponse approve(@PathParam("id") UUID runId, JsonObject body) {
    return RunResponse.of(runs.approve(runId, decisionOf(body)));
  }

  @GET
  @Path("thread/{thread_id}/agent-runs")
  public RunList list(
      @PathParam("thread_id") UUID threadId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<RunView> page = runs.list(threadId, QueryParams.page(limit, cursor));
    return new RunList(page.items().stream().map(RunResponse::of).toList(), page.nextCursor());
  }

  /**
   * The run's events as Server-Sent Events: what came after {@code Last-Event-ID} (or {@code
   * ?last_event_id=}; from the start without either), then live until the run's closing {@code
   * control} event, through the relay that serves every live stream without a thread per client. A
   * client that already has the whole of an ended run gets 204 No Content, which tells an
   * EventSource to stop reconnecting.
   */
  @GET
  @Path("agent-run/{id}/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(
      @PathParam("id") UUID runId,
      @HeaderParam("Last-Event-ID") String lastEventIdHeader,
      @QueryParam("last_event_id") String lastEventIdParam,
      @Suspended AsyncResponse async,
      @Context HttpServletRequest request) {
    long after = LastEventId.parse(lastEventIdHeader, lastEventIdParam);
    Optional<StreamRef> found = runs.eventStream(runId, after);
    if (found.isEmpty()) {
      // The run has ended and the client has all of it: 204 tells an EventSource not to reconnect.
      async.resume(Response.noContent().build());
      return;
    }
    StreamRef ref = found.get();
    relay.open(
        request,
        new RelayRequest(
            ref.orgId(),
            ref.stream(),
            after,
            RunFrames::frame,
            RunFrames::last,
            null,
            Duration.ofSeconds(heartbeatSeconds),
            RunFrames.PING));
  }

  // --- request bodies -----------------------------------------------------------------------

  private static Map<String, String> fields(JsonObject body) {
    Map<String, String> fields = new HashMap<>();
    if (body == null) {
      return fields;
    }
    body.forEach(
        (name, value) -> {
          if (value instanceof JsonString s) {
            fields.put(name, s.getString());
          } else if (value != null
              && value.getValueType() != JsonValue.ValueType.NULL
              && !(value instanceof JsonObject)) {
            fields.put(name, value.toString());
          }
        });
    return fields;
  }

  private static Map<String, String> fields(MultivaluedMap<String, String> form) {
    Map<String, String> fields = new HashMap<>();
    if (form != null) {
      form.forEach((name, values) -> fields.put(name, values.isEmpty() ? null : values.get(0)));
    }
    return fields;
  }

  private static Map<String, String> fields(List<EntityPart> parts) {
    Map<String, String> fields = new HashMap<>();
    if (parts == null) {
      return fields;
    }
    for (EntityPart part : parts) {
      if (part.getFileName().isPresent()) {
        throw new InvalidRequestException(
            "files_not_supported", "files cannot be attached to a run yet; send text fields only");
      }
      try {
        fields.put(part.getName(), part.getContent(String.class));
      } catch (IOException e) {
        throw new InvalidRequestException("invalid_form", "a form field could not be read");
      }
    }
    return fields;
  }

  private static StartRun startOf(Map<String, String> f) {
    return new StartRun(
        first(f, "prompt", "message"),
        first(f, "model_name", "model"),
        QueryParams.uuid("agent_id", f.get("agent_id")),
        f.get("multitask_strategy"),
        f.get("mode"));
  }

  private static InitiateRun initiateOf(Map<String, String> f) {
    return new InitiateRun(
        first(f, "prompt", "message"),
        first(f, "model_name", "model"),
        QueryParams.uuid("agent_id", f.get("agent_id")),
        f.get("multitask_strategy"),
        f.get("mode"));
  }

  private static String first(Map<String, String> fields, String name, String alias) {
    String value = fields.get(name);
    return value != null ? value : fields.get(alias);
  }

  private static ApprovalDecision decisionOf(JsonObject body) {
    JsonValue approved = body == null ? null : body.get("approved");
    if (approved != JsonValue.TRUE && approved != JsonValue.FALSE) {
      throw new InvalidRequestException(
          "invalid_approved", "approved is required: true to run the call, false to deny it");
    }
    JsonValue arguments = body.get("arguments");
    if (arguments != null
        && arguments.getValueType() != JsonValue.ValueType.NULL
        && !(arguments instanceof JsonObject)) {
      throw new InvalidRequestException("invalid_arguments", "arguments must be an object");
    }
    return new ApprovalDecision(
        body.get("call_id") instanceof JsonString id ? id.getString() : null,
        approved == JsonValue.TRUE,
        arguments instanceof JsonObject given ? given : null,
        body.get("reason") instanceof JsonString reason ? reason.getString() : null);
  }

  private static InitiateResponse initiated(InitiatedRun made) {
    return new InitiateResponse(
        made.projectId(), made.run().threadId(), made.run().id(), made.run().status());
  }
}
