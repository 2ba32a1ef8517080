package dev.mainspring.run.service;

import dev.mainspring.agent.service.AgentService;
import dev.mainspring.conversation.model.ConversationThread;
import dev.mainspring.conversation.model.ThreadRepository;
import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.platform.service.Jsons;
import dev.mainspring.realtime.service.EventLog;
import dev.mainspring.realtime.service.StoredEvent;
import dev.mainspring.realtime.service.Streams;
import dev.mainspring.run.model.AgentRun;
import dev.mainspring.run.model.AgentRunRepository;
import dev.mainspring.run.model.RunStatus;
import dev.mainspring.run.model.RunToolCall;
import dev.mainspring.run.model.RunToolCallRepository;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The worker's transactions, each short and of its own: a run's state is read, and what a step did
 * is written, only while the worker holds the run's lease, checked and locked in the same
 * transaction ({@link AgentRunRepository#holds}); an instance that lost the run writes nothing. No
 * model or tool is called in here.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RunSteps {

  @Inject AgentRunRepository runs;
  @Inject RunToolCallRepository toolCalls;
  @Inject AgentService agents;
  @Inject ThreadRepository threads;
  @Inject MessageService messages;
  @Inject EventLog events;
  @Inject TenantSessions sessions;

  /** The runs this instance may take now, across organizations. */
  public List<AgentRunRepository.Claimed> claim(String owner, int leaseSeconds, int limit) {
    return runs.claim(owner, leaseSeconds, limit);
  }

  /** Which of {@code ids} this instance still holds, their leases extended when {@code renew}. */
  public List<AgentRunRepository.Held> heartbeat(
      String owner, int leaseSeconds, boolean renew, List<UUID> ids) {
    return runs.heartbeat(owner, leaseSeconds, renew, ids);
  }

  /** The run's state, or empty when {@code owner} no longer holds it. */
  public Optional<RunState> load(UUID orgId, UUID runId, String owner) {
    sessions.actFor(orgId);
    if (!runs.holds(runId, owner)) {
      return Optional.empty();
    }
    AgentRun run = runs.reload(runId).orElseThrow();
    List<RunState.OpenCall> open = new ArrayList<>();
    for (RunToolCall call : toolCalls.ofStep(runId, run.getSteps())) {
      if (!call.isSettled()) {
        open.add(
            new RunState.OpenCall(
                call.getId(),
                call.getCallId(),
                call.getTool(),
                call.getArguments(),
                call.getStatus()));
      }
    }
    List<String> discard = run.getClaims() > 1 ? unfinishedMessages(run) : List.of();
    return Optional.of(
        new RunState(
            runId,
            orgId,
            run.getThreadId(),
            threads
                .find(run.getThreadId())
                .map(ConversationThread::getKnowledgeBaseId)
                .orElse(null),
            run.getModel(),
            run.getSteps(),
            run.getStepLimit(),
            run.isStopRequested(),
            run.isPlanOnly(),
            new RunState.Starter(
                run.getCreatedBy(), run.getApiKeyId(), run.getCallerRole(), run.getCallerScopes()),
            agents.versionForRun(orgId, run.getAgentVersionId()),
            messages.history(orgId, run.getThreadId()),
            open,
            discard));
  }

  /** Appends events of a run {@code owner} holds; false (and nothing written) when it does not. */
  public boolean emit(UUID orgId, UUID runId, String owner, List<RunEvent> batch) {
    sessions.actFor(orgId);
    if (!runs.holds(runId, owner)) {
      return false;
    }
    append(orgId, runId, batch);
    return true;
  }

  /** A tool call the model asked for. */
  public record AskedCall(String callId, String tool, String arguments) {}

  /**
   * Records a finished model call: {@code before} (the last content and the usage), the assistant
   * message (text and tool calls) in the thread, one row per tool call, and the step count. A step
   * without tool calls completes the run. False when {@code owner} no longer holds the run.
   */
  public boolean finishModelStep(
      UUID orgId,
      UUID runId,
      String owner,
      int step,
      UUID messageId,
      String text,
      List<AskedCall> calls,
      Set<String> needApproval,
      List<RunEvent> before) {
    sessions.actFor(orgId);
    if (!runs.holds(runId, owner)) {
      return false;
    }
    AgentRun run = runs.get(runId);
    List<RunEvent> batch = new ArrayList<>(before);
    if (!text.isEmpty() || !calls.isEmpty()) {
      JsonArrayBuilder parts = Jsons.array();
      for (AskedCall call : calls) {
        parts.add(
            Jsons.object()
                .add("type", "tool_call")
                .add("id", call.callId())
                .add("name", call.tool())
                .add("arguments", call.arguments()));
      }
      JsonObject content = Jsons.object().add("text", text).add("parts", parts).build();
      messages.appendFromRun(orgId, run.getThreadId(), runId, messageId, "assistant", content);
    }
    for (int i = 0; i < calls.size(); i++) {
      AskedCall asked = calls.get(i);
      boolean approval = needApproval.contains(asked.tool());
      toolCalls.add(
          RunToolCall.asked(
              orgId, runId, step, i, asked.callId(), asked.tool(), asked.arguments(), approval));
      batch.add(
          RunEvent.toolCall(
              asked.callId(), asked.tool(), RunEvent.arguments(asked.arguments()), step, approval));
    }
    runs.recordStep(runId, owner, run.getTranscript(), step);
    if (calls.isEmpty()) {
      runs.end(runId, owner, RunStatus.COMPLETED, null, null);
      batch.add(RunEvent.status("completed"));
      batch.add(RunEvent.control("completed"));
    }
    append(orgId, runId, batch);
    return true;
  }

  /**
   * Marks the tool call started, before it runs: after a crash from here on, it is not run again
   * unless its tool is idempotent. False when {@code owner} no longer holds the run.
   */
  public boolean startTool(UUID orgId, UUID runId, String owner, UUID callRowId) {
    sessions.actFor(orgId);
    if (!runs.holds(runId, owner)) {
      return false;
    }
    RunToolCall call = toolCalls.get(callRowId);
    call.start();
    toolCalls.save(call);
    return true;
  }

  /**
   * Records the tool call's result: in its row, as a {@code tool} message of the thread, and as a
   * {@code tool_result} event. False when {@code owner} no longer holds the run.
   */
  public boolean finishTool(
      UUID orgId, UUID runId, String owner, UUID callRowId, String result, boolean failed) {
    sessions.actFor(orgId);
    if (!runs.holds(runId, owner)) {
      return false;
    }
    RunToolCall call = toolCalls.get(callRowId);
    call.finish(result, failed);
    toolCalls.save(call);
    AgentRun run = runs.get(runId);
    messages.appendFromRun(
        orgId,
        run.getThreadId(),
        runId,
        dev.mainspring.platform.model.Ids.newId(),
        "tool",
        toolMessage(call.getCallId(), result));
    append(
        orgId,
        runId,
        List.of(
            RunEvent.toolResult(
                call.getCallId(), call.getTool(), result, failed ? "failed" : "done")));
    return true;
  }

  /** Parks the run until a person decides on {@code waiting}; lets its lease go. */
  public boolean park(UUID orgId, UUID runId, String owner, List<RunState.OpenCall> waiting) {
    sessions.actFor(orgId);
    if (!runs.holds(runId, owner) || !runs.awaitApproval(runId, owner)) {
      return false;
    }
    JsonArrayBuilder pending = Jsons.array();
    for (RunState.OpenCall call : waiting) {
      pending.add(
          Jsons.object()
              .add("call_id", call.callId())
              .add("tool", call.tool())
              .add("arguments", RunEvent.arguments(call.arguments())));
    }
    append(
        orgId,
        runId,
        List.of(
            new RunEvent(
                RunEvent.STATUS,
                Jsons.object()
                    .add("status", "awaiting_approval")
                    .add("pending", pending)
                    .build())));
    return true;
  }

  /** Ends the run {@code owner} holds: {@code completed}, {@code stopped} or {@code failed}. */
  public boolean end(
      UUID orgId, UUID runId, String owner, RunStatus status, String code, String message) {
    sessions.actFor(orgId);
    if (!runs.holds(runId, owner) || !runs.end(runId, owner, status, code, message)) {
      return false;
    }
    append(
        orgId,
        runId,
        List.of(
            status == RunStatus.FAILED
                ? RunEvent.failed(code, message)
                : RunEvent.status(status.wireName()),
            RunEvent.control(status.wireName())));
    return true;
  }

  /** The content of a {@code tool} message carrying {@code result}. */
  static JsonObject toolMessage(String callId, String result) {
    return Jsons.object()
        .add("text", "")
        .add(
            "parts",
            Jsons.array()
                .add(
                    Jsons.object()
                        .add("type", "tool_result")
                        .add("tool_call_id", callId)
                        .add("content", result == null ? "" : result)))
        .build();
  }

  private void append(UUID orgId, UUID runId, List<RunEvent> batch) {
    String stream = Streams.run(runId);
    for (RunEvent event : batch) {
      events.append(orgId, stream, event.type(), event.data());
    }
  }

  /**
   * Messages whose content was streamed in the run's unfinished step (a model call its previous
   * instance did not finish): they will never be written.
   */
  private List<String> unfinishedMessages(AgentRun run) {
    Set<String> ids = new LinkedHashSet<>();
    String stream = Streams.run(run.getId());
    long after = 0;
    int next = run.getSteps() + 1;
    while (true) {
      List<StoredEvent> page = events.readAfter(run.getOrgId(), stream, after, EventLog.MAX_READ);
      for (StoredEvent event : page) {
        if (RunEvent.CONTENT.equals(event.type())
            && event.data().getInt("step", -1) == next
            && event.data().get("message_id") != null) {
          ids.add(event.data().getString("message_id"));
        }
        after = event.sequence();
      }
      if (page.size() < EventLog.MAX_READ) {
        return List.copyOf(ids);
      }
    }
  }
}
