package dev.mainspring.run.api;

import dev.mainspring.conversation.api.MessageResponse;
import dev.mainspring.conversation.service.MessageContent;
import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.conversation.service.MessageView;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.error.InvalidRequestException;
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
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * Document A's REST chat: send a message and get the agent's answer in one request, not streamed,
 * for clients that do not stream. The same run as any other (started as {@code
 * /api/thread/{id}/agent/start} or {@code /api/agent/initiate} start it); the request waits,
 * holding no thread, until the run ends or {@code timeout_seconds} pass.
 */
@Path("api/chat")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ChatResource {

  /** The longest a chat request waits for its run, in seconds. */
  static final int MAX_WAIT_SECONDS = 300;

  static final int DEFAULT_WAIT_SECONDS = 120;

  @Inject RunService runs;
  @Inject MessageService messages;
  @Inject CurrentCaller currentCaller;
  @Inject RunEndings endings;

  /**
   * What a chat answers: the run as it ended (or as it is, when still going at the timeout), the
   * agent's last message of the run and its text.
   */
  @JsonbPropertyOrder({"threadId", "projectId", "run", "message", "content"})
  public record ChatResponse(
      UUID threadId, UUID projectId, RunResponse run, MessageResponse message, String content) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public void chat(JsonObject body, @Suspended AsyncResponse async) {
    if (body == null) {
      throw new InvalidRequestException("invalid_body", "the body is a JSON object");
    }
    String prompt = string(body, "prompt");
    if (prompt == null || prompt.isBlank()) {
      throw new InvalidRequestException("prompt_required", "a chat needs a prompt");
    }
    UUID threadId = QueryParams.uuid("thread_id", string(body, "thread_id"));
    UUID agentId = QueryParams.uuid("agent_id", string(body, "agent_id"));
    String model = string(body, "model");
    int wait =
        body.containsKey("timeout_seconds")
            ? QueryParams.intInRange(
                "timeout_seconds",
                body.get("timeout_seconds").toString(),
                DEFAULT_WAIT_SECONDS,
                1,
                MAX_WAIT_SECONDS)
            : DEFAULT_WAIT_SECONDS;
    Caller caller = currentCaller.get();
    RunView run;
    UUID projectId = null;
    if (threadId != null) {
      run = runs.start(threadId, new StartRun(prompt, model, agentId, null));
    } else {
      InitiatedRun made = runs.initiate(new InitiateRun(prompt, model, agentId, null));
      run = made.run();
      projectId = made.projectId();
    }
    UUID project = projectId;
    endings.await(caller, run, wait, async, ended -> answer(ended, project));
  }

  /** The answer for a run as it is now: 200 when it has ended, else 202 with its Location. */
  private Response answer(RunEndings.Ended ended, UUID projectId) {
    RunView run = ended.run();
    MessageView last = null;
    for (MessageView m : ended.messages()) {
      if ("assistant".equals(m.role())
          && m.author() != null
          && run.id().equals(m.author().runId())) {
        last = m;
      }
    }
    ChatResponse body =
        new ChatResponse(
            run.threadId(),
            projectId,
            RunResponse.of(run),
            last == null ? null : MessageResponse.of(last),
            last == null ? null : MessageContent.text(last.content()));
    return (ended.finished() ? Response.ok(body) : Response.accepted(body))
        .header("Location", "api/agent-run/" + run.id())
        .build();
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
