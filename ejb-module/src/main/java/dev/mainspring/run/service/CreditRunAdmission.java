package dev.mainspring.run.service;

import dev.mainspring.billing.service.Coverage;
import dev.mainspring.billing.service.CreditGuard;
import dev.mainspring.billing.service.CreditHolds;
import dev.mainspring.billing.service.QuotaGuard;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.inference.service.gateway.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * The run engine's admission by credits: a run of an organization that billing binds is refused
 * with 402 {@code payment_required} before anything is queued when what it has available (less open
 * holds), or what the caller's member allowance has when that is more, cannot cover the smallest
 * model call of the run's model ({@link #MINIMAL_PROMPT_TOKENS} prompt and {@link
 * #MINIMAL_COMPLETION_TOKENS} completion tokens at the price in force). Nothing is held here: the
 * run's model calls go through the gateway, which holds each call's real estimate and refuses a
 * call the balance no longer covers (the run then fails with the gateway's code, {@code
 * insufficient_credits}). The admission only keeps an organization that is already out of credits
 * from queueing runs that could not make a single call. Organizations billing does not bind are
 * admitted without a transaction ({@link CreditGuard#enforced}), and so is a run whose model calls
 * go out with the caller's own provider key ({@link Gateway#paidByCaller}), which are never
 * charged.
 *
 * <p>Before that, a run of an organization whose plan's token quota is used up is refused 429
 * {@code quota_exceeded} ({@link QuotaGuard#requireQuotaLeft}), and the plan's cap on parallel runs
 * replaces the installation's ({@link #maxActiveRuns}).
 *
 * <p>It lives in the run context, not billing, because the run context already depends on billing
 * through the gateway: billing knows nothing of runs, and the contexts stay free of cycles.
 */
@ApplicationScoped
public class CreditRunAdmission implements RunAdmission {

  /**
   * Prompt tokens of the smallest call a run can make: the prompt alone, without the agent's
   * instructions or history, which the gateway counts and holds when the call is made.
   */
  static final long MINIMAL_PROMPT_TOKENS = 1;

  /** Completion tokens of the smallest call a run can make. */
  static final long MINIMAL_COMPLETION_TOKENS = 1;

  @Inject CreditGuard guard;
  @Inject CreditHolds holds;
  @Inject Gateway gateway;
  @Inject QuotaGuard quotas;

  @Override
  public void admit(Caller caller, String model) {
    UUID org = caller.requireOrg();
    boolean ownKey = gateway.paidByCaller(caller, model);
    if (!ownKey) {
      quotas.requireQuotaLeft(org);
    }
    if (!guard.enforced(org) || ownKey) {
      return;
    }
    Coverage coverage =
        holds.coverage(
            org, caller.userId(), model, MINIMAL_PROMPT_TOKENS, MINIMAL_COMPLETION_TOKENS);
    if (!coverage.covered()) {
      throw RunRefusedException.paymentRequired(
          "the organization (or the caller's member allowance) has "
              + Math.max(0, coverage.available())
              + " micro-credits available and a call of this run's model costs at least "
              + coverage.estimate()
              + "; add credits or change the plan");
    }
  }

  @Override
  public int maxActiveRuns(Caller caller, int installationDefault) {
    return quotas.maxActiveRuns(caller.requireOrg(), installationDefault);
  }
}
