package dev.mainspring.flags.service;

import dev.mainspring.flags.model.FeatureFlag;
import java.time.Instant;

/** A feature flag as superadmins manage it. */
public record FeatureFlagView(
    String name, boolean enabled, String description, Instant createdAt, Instant updatedAt) {

  static FeatureFlagView of(FeatureFlag flag) {
    return new FeatureFlagView(
        flag.name(), flag.enabled(), flag.description(), flag.createdAt(), flag.updatedAt());
  }
}
