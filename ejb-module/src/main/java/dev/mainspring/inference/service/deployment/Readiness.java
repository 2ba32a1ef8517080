package dev.mainspring.inference.service.deployment;

import java.util.List;

/**
 * Document C's configuration status, computed the same way for every view so clients need no rules
 * of their own. A binding is {@code ready} when its provider exists and is enabled and, for a
 * model-bearing capability, it lists at least one resource and a default. A deployment is {@code
 * ready} when all its bindings are and every required capability is bound.
 */
final class Readiness {

  static final String READY = "ready";
  static final String INCOMPLETE = "incomplete";

  private Readiness() {}

  /** One binding's capability and status, as a deployment's readiness needs them. */
  record Bound(String capability, String status) {}

  /** A deployment's status and the required capabilities it does not bind. */
  record Summary(String status, List<String> missingCapabilities) {}

  static String ofBinding(
      Capability capability, boolean providerEnabled, int resources, boolean hasDefault) {
    boolean ready = providerEnabled && (!capability.modelBearing() || resources > 0 && hasDefault);
    return ready ? READY : INCOMPLETE;
  }

  static Summary ofDeployment(List<Bound> bindings) {
    List<String> missing =
        Capability.requiredKeys().stream()
            .filter(key -> bindings.stream().noneMatch(b -> b.capability().equals(key)))
            .toList();
    boolean ready = missing.isEmpty() && bindings.stream().allMatch(b -> READY.equals(b.status()));
    return new Summary(ready ? READY : INCOMPLETE, missing);
  }
}
