package dev.mainspring.flags.service;

import dev.mainspring.flags.model.FeatureFlag;
import dev.mainspring.flags.model.FeatureFlagRepository;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * Feature flags: installation-wide switches that signed-in callers read (document E's {@code GET
 * /api/feature-flags}, served only when {@code FEATURE_FLAGS_ENABLED} is true, as there) and
 * superadmins set, whether or not they are served yet (so an operator can prepare them first).
 *
 * <p>A flag nobody set reads as off rather than 404: a frontend asks for the flags it knows, and an
 * installation that never heard of one must answer the same as one that turned it off.
 */
@Stateless
public class FeatureFlagService {

  /** Document E's switch, read as the configuration key {@value} (an environment variable). */
  static final String SERVED = "mainspring.feature-flags.enabled";

  /** The environment variable document E names for the same switch. */
  static final String SERVED_AS_DOCUMENT_E_NAMES_IT = "FEATURE_FLAGS_ENABLED";

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");

  @Inject FeatureFlagRepository flags;
  @Inject CurrentCaller currentCaller;
  @Inject Config config;

  /** Every flag's state by name; 404 {@code feature_flags_disabled} when they are not served. */
  public Map<String, Boolean> states() {
    requireServed();
    Map<String, Boolean> states = new LinkedHashMap<>();
    for (FeatureFlag flag : flags.all()) {
      states.put(flag.name(), flag.enabled());
    }
    return states;
  }

  /**
   * One flag, empty when nobody set it (it reads as off); 404 {@code feature_flags_disabled} when
   * flags are not served, 400 {@code invalid_flag_name} for a name no flag can have.
   */
  public Optional<FeatureFlagView> state(String name) {
    requireServed();
    return flags.find(validName(name)).map(FeatureFlagView::of);
  }

  /** Every flag, for superadmins. */
  public List<FeatureFlagView> all() {
    requireSuperadmin();
    return flags.all().stream().map(FeatureFlagView::of).toList();
  }

  /** Sets a flag (a superadmin's); answers it and whether it was new. */
  public Written put(String name, FeatureFlagRequest request) {
    Caller caller = requireSuperadmin();
    String valid = validName(name);
    if (request == null || request.enabled() == null) {
      throw new InvalidRequestException("invalid_enabled", "enabled must be true or false");
    }
    String description = request.description() == null ? null : request.description().trim();
    if (description != null && description.length() > 500) {
      throw new InvalidRequestException(
          "invalid_description", "description must be at most 500 characters");
    }
    FeatureFlagRepository.Stored stored =
        flags.put(
            valid,
            request.enabled(),
            description == null || description.isEmpty() ? null : description,
            caller.userId(),
            Instant.now());
    return new Written(FeatureFlagView.of(stored.flag()), stored.created());
  }

  /** Removes a flag (a superadmin's); 404 {@code flag_not_found} when there is none. */
  public void delete(String name) {
    requireSuperadmin();
    if (!flags.delete(validName(name))) {
      throw new NotFoundException("flag_not_found", "no feature flag " + name);
    }
  }

  /** A flag as set, and whether the call created it. */
  public record Written(FeatureFlagView flag, boolean created) {}

  /** Whether flags are served to signed-in callers. */
  public boolean served() {
    return config
        .getOptionalValue(SERVED, Boolean.class)
        .or(() -> config.getOptionalValue(SERVED_AS_DOCUMENT_E_NAMES_IT, Boolean.class))
        .orElse(false);
  }

  private void requireServed() {
    currentCaller.get(); // signed in, whatever an API key's scopes: flags are no tenant's data
    if (!served()) {
      throw new NotFoundException(
          "feature_flags_disabled",
          "feature flags are not served here (FEATURE_FLAGS_ENABLED is not true)");
    }
  }

  private Caller requireSuperadmin() {
    return currentCaller.get().requireSuperadmin("manages feature flags");
  }

  private static String validName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "invalid_flag_name",
          "a flag's name is 1 to 100 lowercase letters, digits, '_', '.' and '-', starting with a"
              + " letter or digit");
    }
    return name;
  }
}
