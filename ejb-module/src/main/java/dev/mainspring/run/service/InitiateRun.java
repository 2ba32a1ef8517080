package dev.mainspring.run.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * Document E's "create a project and a thread and start an agent in one call".
 *
 * @param prompt the first user message (required); the project and thread are named after it
 */
public record InitiateRun(
    @NotBlank @Size(max = 100000) String prompt,
    @Size(max = 200) String model,
    UUID agentId,
    String multitaskStrategy,
    String mode) {

  /** A run with the default mode ({@link StartRun#RUN}). */
  public InitiateRun(String prompt, String model, UUID agentId, String multitaskStrategy) {
    this(prompt, model, agentId, multitaskStrategy, StartRun.RUN);
  }
}
