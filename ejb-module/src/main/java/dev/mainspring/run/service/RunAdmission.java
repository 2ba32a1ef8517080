package dev.mainspring.run.service;

import dev.mainspring.identity.service.Caller;

/**
 * Whether the caller may pay for a run, asked before the run is queued. {@link CreditRunAdmission},
 * the one implementation, asks billing's credits; it refuses by throwing {@link
 * RunRefusedException#paymentRequired}.
 */
public interface RunAdmission {

  /**
   * Admits a run of {@code model} (a model key; null for the deployment's default) for {@code
   * caller}, or throws.
   */
  void admit(Caller caller, String model);
}
