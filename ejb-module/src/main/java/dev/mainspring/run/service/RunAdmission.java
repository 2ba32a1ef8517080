package dev.mainspring.run.service;

import dev.mainspring.identity.service.Caller;

/**
 * Whether the caller may pay for a run, asked before the run is queued, and how many runs the
 * organization's plan lets it have active. {@link CreditRunAdmission}, the one implementation, asks
 * billing's credits and plan limits; it refuses by throwing {@link
 * RunRefusedException#paymentRequired} or billing's 429 {@code quota_exceeded}.
 */
public interface RunAdmission {

  /**
   * Admits a run of {@code model} (a model key; null for the deployment's default) for {@code
   * caller}, or throws.
   */
  void admit(Caller caller, String model);

  /**
   * The organization's cap on active runs: its plan's, else {@code installationDefault} ({@code
   * mainspring.runs.max-active-per-org}).
   */
  int maxActiveRuns(Caller caller, int installationDefault);
}
