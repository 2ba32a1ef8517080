package dev.mainspring.inference.service.deployment;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.inference.service.PlatformAdmin;
import dev.mainspring.inference.service.provider.ProviderProbe;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Switches the active deployment profile ({@code POST /v1/platform/deployments/{id}/activate}).
 * While the runtime is offline a profile binding a cloud provider is refused (409 {@code
 * offline_provider_blocked}); otherwise every bound provider is probed and one that is disabled or
 * does not answer refuses the switch (409 {@code provider_preflight_failed}). Both refusals leave a
 * {@code rejected} audit row. Incomplete resources do not block: the profile's configuration status
 * reports them.
 *
 * <p>Three steps, so that no transaction or lock waits on a provider: read the profile ({@link
 * ActivationSwitch#plan}, a transaction), probe its providers (none), switch ({@link
 * ActivationSwitch#commit}, a transaction under the PostgreSQL advisory lock that serializes
 * activations across instances, which also checks that the profile and its providers are still as
 * probed: 409 {@code concurrent_modification} otherwise).
 */
@Stateless
public class DeploymentActivation {

  @Inject CurrentCaller currentCaller;
  @Inject ActivationSwitch steps;
  @Inject ProviderProbe probe;

  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  public DeploymentView activate(@NotNull UUID id) {
    Caller caller = PlatformAdmin.require(currentCaller.get());
    ActivationSwitch.Plan plan = steps.plan(id, caller.userId());
    if (plan.alreadyActive() != null) {
      return plan.alreadyActive();
    }
    return steps.commit(plan, preflight(plan.bound()), caller.userId());
  }

  /** Why each failing provider fails: disabled, or its probe's error. */
  private List<String> preflight(List<ActivationSwitch.Bound> bound) {
    List<String> failures = new ArrayList<>();
    for (ActivationSwitch.Bound b : bound) {
      if (!b.provider().isEnabled()) {
        failures.add(b.provider().getSlug() + " is disabled");
        continue;
      }
      ProviderProbe.Result result = probe.probe(b.provider(), b.family());
      if (!result.reachable()) {
        failures.add(
            b.provider().getSlug()
                + " failed the check ("
                + result.error().code()
                + "): "
                + result.error().message());
      }
    }
    return failures;
  }
}
