package dev.mainspring.catalog.api;

import dev.mainspring.agent.service.AgentService;
import dev.mainspring.catalog.service.ExecutionService;
import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.api.Problem;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.run.api.RunEndings;
import dev.mainspring.run.service.RunService;
import dev.mainspring.run.service.RunView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * What the public and the internal execution doors share: reading a start request, starting the
 * run, and answering with it, at once (202) or after waiting up to {@code wait_seconds} for its end
 * (200, or 503 {@code EXEC_UPSTREAM_UNAVAILABLE} when the model runtime could not be reached).
 */
@ApplicationScoped
public class Executions {

  static final int MAX_WAIT_SECONDS = 300;

  @Inject ExecutionService executions;
  @Inject RunService runs;
  @Inject AgentService agents;
  @Inject MessageService messages;
  @Inject CurrentCaller currentCaller;
  @Inject RunEndings endings;

  /** Starts the execution {@code body} asks for and answers {@code async} with it. */
  void start(JsonObject body, String base, AsyncResponse async) {
    String agentRef = string(body, "agent_id");
    if (agentRef == null || agentRef.isBlank()) {
      throw new InvalidRequestException("agent_id_required", "an execution names a catalog agent");
    }
    String prompt = prompt(body.get("input"));
    UUID threadId = QueryParams.uuid("thread_id", string(body, "thread_id"));
    String model = string(body, "model");
    int wait =
        body.containsKey("wait_seconds")
            ? QueryParams.intInRange(
                "wait_seconds", body.get("wait_seconds").toString(), 0, 0, MAX_WAIT_SECONDS)
            : 0;
    Caller caller = currentCaller.get();
    ExecutionService.Started started = executions.start(agentRef, prompt, threadId, model);
    String location = base + started.run().id();
    if (wait == 0) {
      async.resume(
          answer(
              ExecutionResponse.of(
                  started.run(), agentRef, started.agentVersion(), java.util.List.of()),
              false,
              location));
      return;
    }
    endings.await(
        caller,
        started.run(),
        wait,
        async,
        ended ->
            answer(
                ExecutionResponse.of(
                    ended.run(), agentRef, started.agentVersion(), ended.messages()),
                ended.finished(),
                location));
  }

  /** The execution as it is now. */
  ExecutionResponse get(UUID id) {
    RunView run = runs.get(id);
    String ref = null;
    try {
      ref = agents.get(run.agentId()).catalogRef();
    } catch (MainspringException gone) {
      // the agent was deleted since; the execution is still the run's
    }
    return ExecutionResponse.of(
        run,
        ref != null ? ref : String.valueOf(run.agentId()),
        null,
        messages.history(currentCaller.get().requireOrg(), run.threadId()));
  }

  private static Response answer(ExecutionResponse execution, boolean finished, String location) {
    if (execution.upstreamUnavailable()) {
      // Document C: a transport failure answers 503 EXEC_UPSTREAM_UNAVAILABLE; the execution is
      // recorded (failed) and its Location says where to read it.
      return Problem.of(
              503,
              "Service Unavailable",
              ExecutionResponse.UPSTREAM_UNAVAILABLE,
              "the agent's model runtime could not be reached; execution "
                  + execution.id()
                  + " failed and can be started again")
          .response()
          .header("Location", location)
          .build();
    }
    return (finished ? Response.ok(execution) : Response.accepted(execution))
        .type(MediaType.APPLICATION_JSON)
        .header("Location", location)
        .build();
  }

  private static String prompt(JsonValue input) {
    if (input instanceof JsonString s && !s.getString().isBlank()) {
      return s.getString();
    }
    if (input instanceof JsonObject object) {
      for (String name : new String[] {"message", "prompt", "text"}) {
        if (object.get(name) instanceof JsonString s && !s.getString().isBlank()) {
          return s.getString();
        }
      }
    }
    throw new InvalidRequestException(
        "input_required", "input is the message: a string, or an object with a message");
  }

  private static String string(JsonObject body, String name) {
    JsonValue value = body.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new InvalidRequestException("invalid_" + name, name + " must be a string");
  }
}
