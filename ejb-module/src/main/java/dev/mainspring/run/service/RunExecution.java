package dev.mainspring.run.service;

import dev.mainspring.agent.service.AgentVersionView;
import dev.mainspring.identity.model.OrgRole;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.service.gateway.ChatChunk;
import dev.mainspring.inference.service.gateway.ChatChunks;
import dev.mainspring.inference.service.gateway.ChatRequest;
import dev.mainspring.inference.service.gateway.Gateway;
import dev.mainspring.inference.service.gateway.GatewayModel;
import dev.mainspring.inference.service.gateway.TokenCount;
import dev.mainspring.inference.service.gateway.TokenCounter;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.service.Jsons;
import dev.mainspring.run.model.RunStatus;
import dev.mainspring.run.model.RunToolCall;
import dev.mainspring.run.service.tool.Tool;
import dev.mainspring.run.service.tool.ToolContext;
import dev.mainspring.run.service.tool.ToolException;
import dev.mainspring.run.service.tool.ToolRegistry;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run executed by this instance, from its claim until it ends, parks for approval, or is lost.
 * A loop of steps: read the run's state (the database is the only memory: a takeover starts here
 * too), run the tool calls that have no result, or call the model, and write what came of it. Each
 * write is a short transaction of {@link RunSteps} that checks the lease, and no transaction is
 * open while the model or a tool is called.
 */
final class RunExecution implements Runnable {

  private static final Logger LOG = Logger.getLogger(RunExecution.class.getName());

  /** Runs taken over this many times are given up: something in them breaks every instance. */
  static final int MAX_CLAIMS = 5;

  private final UUID orgId;
  private final UUID runId;
  private final int claims;
  private final String owner;
  private final RunSteps steps;
  private final Gateway gateway;
  private final ToolRegistry tools;
  private final TokenCounter counter;

  private volatile boolean stopAsked;
  private volatile boolean lost;
  private volatile ChatChunks current;
  private volatile Thread thread;

  RunExecution(
      UUID orgId,
      UUID runId,
      int claims,
      String owner,
      RunSteps steps,
      Gateway gateway,
      ToolRegistry tools,
      TokenCounter counter) {
    this.orgId = orgId;
    this.runId = runId;
    this.claims = claims;
    this.owner = owner;
    this.steps = steps;
    this.gateway = gateway;
    this.tools = tools;
    this.counter = counter;
  }

  UUID runId() {
    return runId;
  }

  /** A stop was asked for: the model call ends now, the run ends as stopped. */
  void stop() {
    stopAsked = true;
    interruptWork();
  }

  /** The run is no longer this instance's: end the work, write nothing more. */
  void abandon() {
    lost = true;
    interruptWork();
  }

  private void interruptWork() {
    ChatChunks chunks = current;
    if (chunks != null) {
      chunks.cancel();
    }
    Thread worker = thread;
    if (worker != null && current == null) {
      worker.interrupt();
    }
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      boolean first = true;
      while (!lost) {
        Optional<RunState> loaded = steps.load(orgId, runId, owner);
        if (loaded.isEmpty()) {
          return;
        }
        RunState state = loaded.get();
        if (state.stopRequested() || stopAsked) {
          steps.end(orgId, runId, owner, RunStatus.STOPPED, null, null);
          return;
        }
        if (first && claims > MAX_CLAIMS) {
          steps.end(
              orgId,
              runId,
              owner,
              RunStatus.FAILED,
              "run_abandoned",
              "the run was interrupted " + (claims - 1) + " times and is not tried again");
          return;
        }
        if (first && !state.discardMessageIds().isEmpty()) {
          steps.emit(
              orgId,
              runId,
              owner,
              List.of(RunEvent.stepRestarted(state.steps() + 1, state.discardMessageIds())));
        }
        first = false;
        boolean goOn = state.openCalls().isEmpty() ? modelStep(state) : toolStep(state);
        if (!goOn) {
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Run " + runId + " failed unexpectedly", e);
      try {
        steps.end(
            orgId, runId, owner, RunStatus.FAILED, "internal_error", "the run failed unexpectedly");
      } catch (RuntimeException again) {
        LOG.log(
            Level.WARNING,
            "Run "
                + runId
                + " could not be marked failed; its lease will run out and another"
                + " instance take it over",
            again);
      }
    } finally {
      thread = null;
      Thread.interrupted();
    }
  }

  /** Calls the model once and records its answer; false when the run should not go on here. */
  private boolean modelStep(RunState state) {
    AgentVersionView agent = state.agent();
    if (state.steps() >= state.stepLimit()) {
      steps.end(
          orgId,
          runId,
          owner,
          RunStatus.FAILED,
          "step_limit_reached",
          "the agent made " + state.steps() + " model calls, its limit, without a final answer");
      return false;
    }
    int step = state.steps() + 1;
    UUID messageId = Ids.newId();
    Caller caller = caller(state);
    ChatRequest request;
    try {
      request = request(state, caller, agent);
    } catch (MainspringException refused) {
      steps.end(orgId, runId, owner, RunStatus.FAILED, refused.code(), refused.getMessage());
      return false;
    }
    StringBuilder text = new StringBuilder();
    StringBuilder unsent = new StringBuilder();
    Map<Integer, CallBuilder> calls = new TreeMap<>();
    TokenCount tokens;
    try (ChatChunks chunks = gateway.stream(caller, request, "run_" + runId + "_" + step, runId)) {
      current = chunks;
      if (stopAsked || lost) {
        chunks.cancel();
      }
      for (Optional<ChatChunk> chunk = chunks.next(); chunk.isPresent(); chunk = chunks.next()) {
        String delta = read(chunk.get().json(), calls);
        if (!delta.isEmpty()) {
          text.append(delta);
          unsent.append(delta);
        }
        if (unsent.length() > 0 && chunks.caughtUp()) {
          if (!steps.emit(
              orgId, runId, owner, List.of(RunEvent.content(unsent.toString(), messageId, step)))) {
            lost = true;
            chunks.cancel();
            return false;
          }
          unsent.setLength(0);
        }
      }
      tokens = chunks.tokens();
    } catch (MainspringException failed) {
      if (stopAsked || lost) {
        return !lost;
      }
      steps.end(orgId, runId, owner, RunStatus.FAILED, failed.code(), failed.getMessage());
      return false;
    } finally {
      current = null;
    }
    if (stopAsked || lost) {
      // The next load ends the run as stopped (or finds it lost); the partial answer stays in the
      // run's content events only.
      return !lost;
    }
    List<RunEvent> before = new ArrayList<>();
    if (unsent.length() > 0) {
      before.add(RunEvent.content(unsent.toString(), messageId, step));
    }
    before.add(
        RunEvent.usage(step, tokens.promptTokens(), tokens.completionTokens(), tokens.estimated()));
    List<RunSteps.AskedCall> asked = new ArrayList<>();
    for (CallBuilder call : calls.values()) {
      asked.add(call.build(step, asked.size()));
    }
    return steps.finishModelStep(
        orgId,
        runId,
        owner,
        step,
        messageId,
        text.toString(),
        asked,
        new HashSet<>(agent.toolsNeedingApproval()),
        before);
  }

  /** Runs the tool calls without a result, in order; false when the run should not go on here. */
  private boolean toolStep(RunState state) {
    List<RunState.OpenCall> waiting =
        state.openCalls().stream()
            .filter(c -> RunToolCall.AWAITING_APPROVAL.equals(c.status()))
            .toList();
    if (!waiting.isEmpty()) {
      steps.park(orgId, runId, owner, waiting);
      return false;
    }
    Set<String> allowed = state.planOnly() ? Set.of() : new HashSet<>(state.agent().tools());
    ToolContext context =
        new ToolContext(
            orgId, state.threadId(), runId, state.starter().userId(), state.knowledgeBaseId());
    for (RunState.OpenCall call : state.openCalls()) {
      Optional<Tool> tool =
          allowed.contains(call.tool()) ? tools.find(call.tool()) : Optional.empty();
      if (RunToolCall.STARTED.equals(call.status())
          && (tool.isEmpty() || !tool.get().idempotent())) {
        steps.end(
            orgId,
            runId,
            owner,
            RunStatus.FAILED,
            "tool_interrupted",
            "the tool call "
                + call.callId()
                + " ("
                + call.tool()
                + ") had started when the instance running this run stopped; the tool is not"
                + " idempotent, so it was not run again");
        return false;
      }
      if (!steps.startTool(orgId, runId, owner, call.id())) {
        return false;
      }
      String result;
      boolean failed = false;
      if (tool.isEmpty()) {
        result = "error: there is no tool named " + call.tool() + " available to this agent";
        failed = true;
      } else {
        try {
          result = tool.get().call(context, arguments(call.arguments()));
        } catch (ToolException refused) {
          result = "error: " + refused.getMessage();
          failed = true;
        } catch (RuntimeException e) {
          if (stopAsked || lost) {
            return !lost;
          }
          LOG.log(Level.WARNING, "Tool " + call.tool() + " of run " + runId + " failed", e);
          result = "error: the tool failed";
          failed = true;
        }
      }
      if (lost) {
        return false;
      }
      if (!steps.finishTool(orgId, runId, owner, call.id(), result, failed)) {
        return false;
      }
      if (stopAsked) {
        return true;
      }
    }
    return true;
  }

  private ChatRequest request(RunState state, Caller caller, AgentVersionView agent) {
    Integer window = window(caller, state.model());
    JsonArray definitions =
        state.planOnly() ? JsonValue.EMPTY_JSON_ARRAY : tools.definitions(agent.tools());
    int toolTokens = definitions.isEmpty() ? 0 : counter.countValue(definitions);
    JsonArray messages =
        RunPrompt.build(
            state.planOnly() ? RunPrompt.planning(agent.instructions()) : agent.instructions(),
            state.history(),
            window,
            agent.maxTokens(),
            toolTokens,
            counter::countMessages);
    if (messages.isEmpty()) {
      messages =
          Jsons.array()
              .add(Jsons.object().add("role", "user").add("content", "Go on.").build())
              .build();
    }
    Map<String, JsonValue> options = new LinkedHashMap<>();
    if (agent.temperature() != null) {
      options.put("temperature", Json.createValue(agent.temperature()));
    }
    if (agent.maxTokens() != null) {
      options.put("max_tokens", Json.createValue(agent.maxTokens()));
    }
    if (!definitions.isEmpty()) {
      options.put("tools", definitions);
    }
    return ChatRequest.of(state.model(), messages, options);
  }

  /** The context window of the model the call goes to, when the catalog knows it. */
  private Integer window(Caller caller, String model) {
    for (GatewayModel m : gateway.availableModels(caller)) {
      if (Gateway.LLM.equals(m.capability())
          && (model == null ? m.isDefault() : m.key().equals(model))) {
        return m.contextWindow();
      }
    }
    return null;
  }

  /** The run's starter as the gateway's caller. */
  private Caller caller(RunState state) {
    RunState.Starter starter = state.starter();
    Set<String> scopes =
        starter.scopes() == null || starter.scopes().isBlank()
            ? Set.of()
            : Set.copyOf(Arrays.asList(starter.scopes().trim().split("\\s+")));
    return new Caller(
        starter.userId(),
        orgId,
        OrgRole.parse(starter.role()).orElse(null),
        false,
        starter.apiKeyId(),
        scopes);
  }

  /** The text of a chunk's delta; its tool-call pieces are added to {@code calls}. */
  static String read(String json, Map<Integer, CallBuilder> calls) {
    JsonObject chunk;
    try (var reader = Jsons.reader(json)) {
      chunk = reader.readObject();
    } catch (RuntimeException notJson) {
      return "";
    }
    if (!(chunk.get("choices") instanceof JsonArray choices) || choices.isEmpty()) {
      return "";
    }
    if (!(choices.get(0) instanceof JsonObject choice)
        || !(choice.get("delta") instanceof JsonObject delta)) {
      return "";
    }
    if (delta.get("tool_calls") instanceof JsonArray pieces) {
      for (JsonValue value : pieces) {
        if (value instanceof JsonObject piece) {
          int index = piece.getInt("index", calls.size());
          CallBuilder call = calls.computeIfAbsent(index, i -> new CallBuilder());
          if (piece.get("id") instanceof JsonString id) {
            call.id = id.getString();
          }
          if (piece.get("function") instanceof JsonObject function) {
            if (function.get("name") instanceof JsonString name) {
              call.name.append(name.getString());
            }
            if (function.get("arguments") instanceof JsonString arguments) {
              call.arguments.append(arguments.getString());
            }
          }
        }
      }
    }
    return delta.get("content") instanceof JsonString content ? content.getString() : "";
  }

  private static JsonObject arguments(String arguments) {
    if (arguments == null || arguments.isBlank()) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (var reader = Jsons.reader(arguments)) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject object) {
        return object;
      }
    } catch (RuntimeException notJson) {
      throw new ToolException("the arguments are not a JSON object");
    }
    throw new ToolException("the arguments are not a JSON object");
  }

  /** A tool call assembled from the pieces of a stream. */
  static final class CallBuilder {
    String id;
    final StringBuilder name = new StringBuilder();
    final StringBuilder arguments = new StringBuilder();

    RunSteps.AskedCall build(int step, int index) {
      String callId = id != null && !id.isBlank() ? id : "call_" + step + "_" + index;
      String args = arguments.length() == 0 ? "{}" : arguments.toString();
      return new RunSteps.AskedCall(callId, name.toString(), args);
    }
  }
}
