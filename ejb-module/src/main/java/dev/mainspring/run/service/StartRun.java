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
 */
public record StartRun(
    @Size(max = 100000) String prompt,
    @Size(max = 200) String model,
    UUID agentId,
    String multitaskStrategy) {}
