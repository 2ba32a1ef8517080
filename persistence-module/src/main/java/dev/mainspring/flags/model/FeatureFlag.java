package dev.mainspring.flags.model;

import java.time.Instant;
import java.util.UUID;

/** One installation-wide feature flag: on or off, with what it is for, who set it last and when. */
public record FeatureFlag(
    String name,
    boolean enabled,
    String description,
    UUID updatedBy,
    Instant createdAt,
    Instant updatedAt) {}
