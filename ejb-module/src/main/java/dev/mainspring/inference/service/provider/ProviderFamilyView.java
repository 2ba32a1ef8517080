package dev.mainspring.inference.service.provider;

import dev.mainspring.inference.model.provider.ProviderFamily;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A provider family: the implementation kind, its capability, origin and adapter. */
@JsonbPropertyOrder({
  "key",
  "displayName",
  "capability",
  "providerOrigin",
  "adapter",
  "description"
})
public record ProviderFamilyView(
    String key,
    String displayName,
    String capability,
    String providerOrigin,
    String adapter,
    String description) {

  static ProviderFamilyView of(ProviderFamily f) {
    return new ProviderFamilyView(
        f.getKey(),
        f.getDisplayName(),
        f.getCapability(),
        f.getProviderOrigin(),
        f.getAdapter(),
        f.getDescription());
  }
}
