package dev.mainspring.inference.service.deployment;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.UUID;

/** A platform capability and what powers it in the active deployment profile, if anything. */
@JsonbPropertyOrder({"key", "displayName", "modelBearing", "required", "activeBinding"})
public record CapabilityView(
    String key,
    String displayName,
    boolean modelBearing,
    boolean required,
    ActiveBinding activeBinding) {

  /** The active profile's binding of the capability. */
  @JsonbPropertyOrder({
    "providerId",
    "providerSlug",
    "providerKey",
    "providerOrigin",
    "configurationStatus"
  })
  public record ActiveBinding(
      UUID providerId,
      String providerSlug,
      String providerKey,
      String providerOrigin,
      String configurationStatus) {

    static ActiveBinding of(BindingView binding) {
      BindingView.Provider p = binding.provider();
      return new ActiveBinding(
          p == null ? null : p.id(),
          p == null ? null : p.slug(),
          p == null ? null : p.providerKey(),
          binding.providerOrigin(),
          binding.configurationStatus());
    }
  }

  static CapabilityView of(Capability capability, BindingView activeBinding) {
    return new CapabilityView(
        capability.key(),
        capability.displayName(),
        capability.modelBearing(),
        capability.required(),
        activeBinding == null ? null : ActiveBinding.of(activeBinding));
  }
}
