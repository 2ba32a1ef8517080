package dev.mainspring.run.service;

import dev.mainspring.agent.service.AgentService;
import dev.mainspring.agent.service.AgentVersionView;
import dev.mainspring.conversation.model.ConversationThread;
import dev.mainspring.conversation.model.ThreadRepository;
import dev.mainspring.conversation.service.CreateThread;
import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.conversation.service.ThreadService;
import dev.mainspring.conversation.service.ThreadView;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.identity.service.TenantScoped;
import dev.mainspring.inference.model.gateway.UsageRecordRepository;
import dev.mainspring.inference.model.gateway.UsageRecordRepository.RunTotals;
import dev.mainspring.inference.service.gateway.Gateway;
import dev.mainspring.inference.service.gateway.GatewayModel;
import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import dev.mainspring.platform.model.Ids;
import dev.mainspring.platform.model.Slice;
import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import dev.mainspring.project.service.CreateProject;
import dev.mainspring.project.service.ProjectService;
import dev.mainspring.project.service.ProjectView;
import dev.mainspring.realtime.service.EventLog;
import dev.mainspring.realtime.service.StreamRef;
import dev.mainspring.realtime.service.Streams;
import dev.mainspring.run.model.AgentRun;
import dev.mainspring.run.model.AgentRunRepository;
import dev.mainspring.run.model.MultitaskStrategy;
import dev.mainspring.run.model.RunStatus;
import dev.mainspring.run.model.RunToolCall;
import dev.mainspring.run.model.RunToolCallRepository;
import dev.mainspring.run.service.tool.ToolRegistry;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** Agent runs of the caller's organization (rights: see {@link RunService}). */
@Stateless
@TenantScoped
public class DefaultRunService implements RunService {

  static final String READ = "agents:read";
  static final String WRITE = "agents:write";

  @Inject CurrentCaller currentCaller;
  @Inject AgentRunRepository runs;
  @Inject RunToolCallRepository toolCalls;
  @Inject ThreadRepository threads;
  @Inject ThreadService threadService;
  @Inject ProjectService projects;
  @Inject MessageService messages;
  @Inject AgentService agents;
  @Inject Gateway gateway;
  @Inject ToolRegistry tools;
  @Inject RunAdmission admission;
  @Inject RunSettings settings;
  @Inject EventLog events;
  @Inject UsageRecordRepository usage;
  @Inject RunWakeups wakeups;
  @Resource TransactionSynchronizationRegistry transactions;

  @Override
  public RunView start(UUID threadId, StartRun request) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    threads.getInOrg(threadId, org);
    return queue(caller, org, threadId, request);
  }

  @Override
  public InitiatedRun initiate(InitiateRun request) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    if (request.prompt() == null || request.prompt().isBlank()) {
      throw new InvalidRequestException(
          "prompt_required", "initiate needs a prompt: the task the agent starts on");
    }
    strategy(request.multitaskStrategy());
    planMode(request.mode());
    String name = title(request.prompt());
    ProjectView project = projects.create(new CreateProject(name, null));
    ThreadView thread = threadService.create(new CreateThread(project.id(), name));
    RunView run =
        queue(
            caller,
            org,
            thread.id(),
            new StartRun(
                request.prompt(),
                request.model(),
                request.agentId(),
                request.multitaskStrategy(),
                request.mode()));
    return new InitiatedRun(project.id(), run);
  }

  @Override
  public RunView get(UUID runId) {
    Caller caller = currentCaller.require(READ);
    return view(runs.getInOrg(runId, caller.requireOrg()));
  }

  @Override
  public Page<RunView> list(UUID threadId, PageRequest page) {
    Caller caller = currentCaller.require(READ);
    UUID org = caller.requireOrg();
    threads.getInOrg(threadId, org);
    Slice<AgentRun> slice = runs.listByThread(org, threadId, page.after(), page.limit());
    Map<UUID, RunTotals> totals =
        usage.runTotals(slice.items().stream().map(AgentRun::getId).toList());
    return Page.of(slice, run -> view(run, totals.getOrDefault(run.getId(), RunTotals.NONE)));
  }

  @Override
  public RunView stop(UUID runId) {
    Caller caller = currentCaller.require(WRITE);
    AgentRun run = runs.getInOrg(runId, caller.requireOrg());
    requireMayControl(caller, run);
    if (!run.getStatus().isActive()) {
      return view(run);
    }
    runs.lock(runId);
    if (runs.stopIdle(runId)) {
      append(run, List.of(RunEvent.status("stopped"), RunEvent.control("stopped")));
    } else {
      runs.requestStop(runId);
    }
    return view(runs.reload(runId).orElseThrow());
  }

  @Override
  public RunView approve(UUID runId, ApprovalDecision decision) {
    Caller caller = currentCaller.require(WRITE);
    UUID org = caller.requireOrg();
    AgentRun run = runs.getInOrg(runId, org);
    requireMayControl(caller, run);
    runs.lock(runId);
    run = runs.reload(runId).orElseThrow();
    if (run.getStatus() != RunStatus.AWAITING_APPROVAL) {
      throw new ConflictException(
          "run_not_awaiting_approval",
          "the run is " + run.getStatus().wireName() + ", not waiting for an approval");
    }
    List<RunToolCall> waiting = toolCalls.awaitingApproval(runId);
    List<RunToolCall> decided = new ArrayList<>();
    for (RunToolCall call : waiting) {
      if (decision.callId() == null || decision.callId().equals(call.getCallId())) {
        decided.add(call);
      }
    }
    if (decided.isEmpty()) {
      throw new NotFoundException(
          "tool_call_not_found",
          "the run has no tool call " + decision.callId() + " waiting for approval");
    }
    if (decision.arguments() != null && decided.size() > 1) {
      throw new InvalidRequestException(
          "invalid_arguments", "name the call (call_id) whose arguments you replace");
    }
    List<RunEvent> batch = new ArrayList<>();
    for (RunToolCall call : decided) {
      if (decision.approved()) {
        call.approve(decision.arguments() == null ? null : decision.arguments().toString());
        toolCalls.save(call);
        batch.add(
            new RunEvent(
                "approval",
                Json.createObjectBuilder()
                    .add("call_id", call.getCallId())
                    .add("tool", call.getTool())
                    .add("approved", true)
                    .add("arguments", RunEvent.arguments(call.getArguments()))
                    .build()));
      } else {
        String reason =
            decision.reason() == null || decision.reason().isBlank()
                ? "the user denied this tool call"
                : "the user denied this tool call: " + decision.reason();
        call.deny(reason);
        toolCalls.save(call);
        messages.appendFromRun(
            org,
            run.getThreadId(),
            runId,
            Ids.newId(),
            "tool",
            RunSteps.toolMessage(call.getCallId(), reason));
        batch.add(RunEvent.toolResult(call.getCallId(), call.getTool(), reason, "denied"));
      }
    }
    if (decided.size() == waiting.size()) {
      runs.resume(runId);
      batch.add(RunEvent.status("running"));
      wakeAfterCommit();
    }
    append(run, batch);
    return view(runs.reload(runId).orElseThrow());
  }

  @Override
  public Optional<StreamRef> eventStream(UUID runId, long afterSequence) {
    Caller caller = currentCaller.require(READ);
    UUID org = caller.requireOrg();
    AgentRun run = runs.getInOrg(runId, org);
    String stream = Streams.run(runId);
    if (!run.getStatus().isActive()
        && afterSequence > 0
        && events.readAfter(org, stream, afterSequence, 1).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StreamRef(org, stream));
  }

  // --- starting -----------------------------------------------------------------------------

  private RunView queue(Caller caller, UUID org, UUID threadId, StartRun request) {
    caller.requireScope("models:write");
    MultitaskStrategy strategy = strategy(request.multitaskStrategy());
    boolean plan = planMode(request.mode());
    AgentVersionView agent = agents.resolveForRun(org, request.agentId());
    String model =
        request.model() != null && !request.model().isBlank() ? request.model() : agent.model();
    requireModel(caller, model);
    List<String> unknownTools = tools.unknown(agent.tools());
    if (!unknownTools.isEmpty()) {
      throw new ConflictException(
          "unknown_tools",
          "the agent names tools this server does not have: " + String.join(", ", unknownTools));
    }
    admission.admit(caller, model);
    runs.lockStartsOf(org);
    List<AgentRun> active = runs.active(org);
    List<String> mine =
        active.stream()
            .filter(r -> caller.userId() != null && caller.userId().equals(r.getCreatedBy()))
            .map(r -> r.getThreadId().toString())
            .toList();
    if (mine.size() >= settings.maxActivePerUser()) {
      throw RunRefusedException.tooManyRuns(
          "each user", settings.maxActivePerUser(), distinct(mine));
    }
    int orgCap = admission.maxActiveRuns(caller, settings.maxActivePerOrg());
    if (active.size() >= orgCap) {
      throw RunRefusedException.tooManyRuns(
          "the organization",
          orgCap,
          distinct(active.stream().map(r -> r.getThreadId().toString()).toList()));
    }
    List<AgentRun> onThread =
        active.stream().filter(r -> r.getThreadId().equals(threadId)).toList();
    if (!onThread.isEmpty()) {
      switch (strategy) {
        case REJECT ->
            throw RunRefusedException.threadBusy(
                onThread.stream().map(r -> r.getId().toString()).toList());
        case INTERRUPT -> {
          for (AgentRun previous : onThread) {
            if (runs.stopIdle(previous.getId())) {
              append(previous, List.of(RunEvent.status("stopped"), RunEvent.control("stopped")));
            } else {
              runs.requestStop(previous.getId());
            }
          }
        }
        case ENQUEUE -> {
          // Claims take a thread's runs one at a time, oldest first: this one waits its turn.
        }
      }
    }
    if (request.prompt() != null && !request.prompt().isBlank()) {
      messages.post(threadId, "user", Json.createValue(request.prompt()));
    }
    AgentRun run =
        AgentRun.queue(
            org,
            threadId,
            new AgentRun.Plan(agent.agentId(), agent.versionId(), model, agent.stepLimit()),
            strategy,
            plan,
            request.prompt(),
            new AgentRun.Starter(
                caller.userId(),
                caller.apiKeyId(),
                caller.orgRole() == null ? null : caller.orgRole().wireName(),
                String.join(" ", new TreeSet<>(caller.scopes()))));
    runs.add(run);
    append(run, List.of(RunEvent.status("queued")));
    wakeAfterCommit();
    return view(run, RunTotals.NONE);
  }

  /** The model must be a chat model the caller may use; null asks for the default one. */
  private void requireModel(Caller caller, String model) {
    List<GatewayModel> available =
        gateway.availableModels(caller).stream()
            .filter(m -> Gateway.LLM.equals(m.capability()))
            .toList();
    List<String> allowed = available.stream().map(GatewayModel::key).toList();
    if (model == null ? allowed.isEmpty() : !allowed.contains(model)) {
      throw RunRefusedException.modelNotAllowed(model, allowed);
    }
  }

  private static MultitaskStrategy strategy(String given) {
    if (given == null || given.isBlank()) {
      return MultitaskStrategy.REJECT;
    }
    return MultitaskStrategy.parse(given)
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "invalid_multitask_strategy",
                    "multitask_strategy must be reject, enqueue or interrupt"));
  }

  /** Whether the mode is {@code plan}; 400 {@code invalid_mode} for anything but run or plan. */
  private static boolean planMode(String mode) {
    if (mode == null || mode.isBlank() || StartRun.RUN.equals(mode)) {
      return false;
    }
    if (StartRun.PLAN.equals(mode)) {
      return true;
    }
    throw new InvalidRequestException("invalid_mode", "mode must be run or plan");
  }

  private static List<String> distinct(List<String> ids) {
    return List.copyOf(new java.util.LinkedHashSet<>(ids));
  }

  /** A project and thread name made of the prompt's first line. */
  static String title(String prompt) {
    String line = prompt.strip().lines().findFirst().orElse("").strip();
    if (line.isEmpty()) {
      return "New task";
    }
    return line.length() > ConversationThread.TITLE_MAX
        ? line.substring(0, ConversationThread.TITLE_MAX - 1) + "…"
        : line;
  }

  // --- rules and views --------------------------------------------------------------------------

  private static void requireMayControl(Caller caller, AgentRun run) {
    if (caller.isAdmin()
        || (caller.userId() != null && caller.userId().equals(run.getCreatedBy()))) {
      return;
    }
    throw new ForbiddenException(
        "not_run_starter", "only the member who started the run, or an admin, may control it");
  }

  private void append(AgentRun run, List<RunEvent> batch) {
    for (RunEvent event : batch) {
      events.append(run.getOrgId(), Streams.run(run.getId()), event.type(), event.data());
    }
  }

  private void wakeAfterCommit() {
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {
            // Nothing to do before the commit.
          }

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              wakeups.wake();
            }
          }
        });
  }

  private RunView view(AgentRun run) {
    return view(
        run, usage.runTotals(List.of(run.getId())).getOrDefault(run.getId(), RunTotals.NONE));
  }

  private RunView view(AgentRun run, RunTotals totals) {
    List<RunView.PendingCall> pending =
        run.getStatus() == RunStatus.AWAITING_APPROVAL
            ? toolCalls.awaitingApproval(run.getId()).stream()
                .map(c -> new RunView.PendingCall(c.getCallId(), c.getTool(), c.getArguments()))
                .toList()
            : List.of();
    return new RunView(
        run.getId(),
        run.getThreadId(),
        run.getAgentId(),
        run.getAgentVersionId(),
        run.getModel(),
        run.getStatus().wireName(),
        run.getMultitaskStrategy().wireName(),
        run.getMode(),
        run.getSteps(),
        run.getStepLimit(),
        run.getErrorCode(),
        run.getErrorMessage(),
        run.getCreatedBy(),
        run.getCreatedAt(),
        run.getStartedAt(),
        run.getEndedAt(),
        new RunView.Usage(totals.promptTokens(), totals.completionTokens(), totals.calls()),
        pending);
  }
}
