package dev.mainspring.run.service;

import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * What starting a run asks for, as document E's clients send it.
 *
 * @param prompt a user message posted to the thread before the run starts; null or blank starts the
 *     run on the thread as it is
 * @param model a model key; null for the agent's model, or the deployment's default
 * @param agentId an agent of the organization; null for its default agent
 * @param multitaskStrategy {@code reject} (default), {@code enqueue} or {@code interrupt}: what to
 *     do when the thread already has an active run
 * @param mode {@link #RUN} (null too) or {@link #PLAN}: the agent only proposes a plan, with no
 *     tools offered
 */
public record StartRun(
    @Size(max = 100000) String prompt,
    @Size(max = 200) String model,
    UUID agentId,
    String multitaskStrategy,
    String mode) {

  /** The agent works on the task, with its tools. */
  public static final String RUN = "run";

  /** The agent answers with a plan for the task and is offered no tools. */
  public static final String PLAN = "plan";

  /** A run with the default mode. */
  public StartRun(String prompt, String model, UUID agentId, String multitaskStrategy) {
    this(prompt, model, agentId, multitaskStrategy, RUN);
  }
}
