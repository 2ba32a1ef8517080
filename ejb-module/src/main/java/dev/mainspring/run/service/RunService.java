package dev.mainspring.run.service;

import dev.mainspring.platform.service.Page;
import dev.mainspring.platform.service.PageRequest;
import dev.mainspring.realtime.service.StreamRef;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;
import java.util.UUID;

/**
 * Agent runs of the caller's organization.
 *
 * <p>Rights: any member (API keys: {@code agents:read}) reads the runs of the organization's
 * threads; any member ({@code agents:write}, and {@code models:write} since the run calls models as
 * the caller) starts one; stopping a run and deciding on its tool calls is for the member who
 * started it or an organization admin. Another organization's thread or run answers 404.
 */
public interface RunService {

  /**
   * Queues a run on the thread and answers at once; the run goes on in the background. Checked
   * before anything is written: the model (403 {@code model_not_allowed} with {@code
   * allowed_models}), payment (402), the limits of active runs (429 {@code too_many_active_runs}
   * with {@code running_thread_ids}), and the thread's active run ({@code multitask_strategy}: 409
   * {@code thread_busy}, enqueue, or interrupt).
   */
  RunView start(@NotNull UUID threadId, @NotNull @Valid StartRun request);

  /**
   * Creates a project and a thread named after the prompt and starts a run on the thread, all or
   * nothing: a refused run leaves no project behind.
   */
  InitiatedRun initiate(@NotNull @Valid InitiateRun request);

  /** The run; 404 {@code agent_run_not_found}. */
  RunView get(@NotNull UUID runId);

  /** The thread's runs, newest first. */
  Page<RunView> list(@NotNull UUID threadId, @NotNull PageRequest page);

  /**
   * Stops the run: at once when no instance executes it (queued, waiting for approval), else its
   * instance ends the model call within a second. A run that has ended is answered as it is.
   */
  RunView stop(@NotNull UUID runId);

  /**
   * Decides on tool calls of a run waiting for approval; when no call waits any more, the run goes
   * on, on whichever instance claims it. 409 {@code run_not_awaiting_approval}, 404 {@code
   * tool_call_not_found}.
   */
  RunView approve(@NotNull UUID runId, @NotNull @Valid ApprovalDecision decision);

  /**
   * The run's event stream, which the caller may read (404 otherwise), for a live relay; empty when
   * the run has ended and the client, having seen {@code afterSequence}, has every event.
   */
  Optional<StreamRef> eventStream(@NotNull UUID runId, long afterSequence);
}
