package dev.mainspring.inference.service.deployment;

import java.util.List;
import java.util.UUID;

/**
 * The new state of one binding ({@code PUT .../bindings/{capability}}): its provider, the managed
 * models it allows and the default one among them.
 */
public record BindingChange(UUID providerId, List<UUID> resources, UUID defaultResourceId) {}
