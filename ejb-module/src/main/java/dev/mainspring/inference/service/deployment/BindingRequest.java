package dev.mainspring.inference.service.deployment;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.UUID;

/**
 * One capability binding in a deployment create or replace: the provider powering {@code
 * capability}, the managed models it allows ({@code resources}, possibly none yet) and the default
 * one among them.
 */
public record BindingRequest(
    @NotBlank String capability, UUID providerId, List<UUID> resources, UUID defaultResourceId) {

  BindingChange change() {
    return new BindingChange(providerId, resources, defaultResourceId);
  }
}
