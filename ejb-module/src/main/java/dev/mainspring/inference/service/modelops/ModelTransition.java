package dev.mainspring.inference.service.modelops;

import static dev.mainspring.inference.model.modelops.ManagedModel.ACTIVE;
import static dev.mainspring.inference.model.modelops.ManagedModel.DRAFT;
import static dev.mainspring.inference.model.modelops.ManagedModel.INACTIVE;
import static dev.mainspring.inference.model.modelops.ManagedModel.REGISTERED;
import static dev.mainspring.inference.model.modelops.ManagedModel.UNREGISTERED;

import dev.mainspring.platform.error.ConflictException;
import java.util.Locale;
import java.util.Set;

/**
 * The moves of a managed model's lifecycle ({@code draft -> registered -> active <-> inactive ->
 * unregistered -> registered}) and the statuses each starts from. Conditions that need the database
 * (bindings, validations) are the service's; this only knows which status may follow which.
 *
 * <pre>{@code
 * model.setStatus(ModelTransition.ACTIVATE.from(model.getStatus())); // or 409
 * }</pre>
 */
public enum ModelTransition {
  REGISTER(REGISTERED, DRAFT, UNREGISTERED),
  ACTIVATE(ACTIVE, REGISTERED, INACTIVE),
  DEACTIVATE(INACTIVE, ACTIVE),
  UNREGISTER(UNREGISTERED, REGISTERED, INACTIVE);

  /** The statuses in which a model may be deleted. */
  private static final Set<String> DELETABLE = Set.of(DRAFT, UNREGISTERED);

  private final String target;
  private final Set<String> sources;

  ModelTransition(String target, String... sources) {
    this.target = target;
    this.sources = Set.of(sources);
  }

  /**
   * The status a model in {@code current} moves to; 409 {@code invalid_model_transition} when this
   * move does not start from {@code current}.
   */
  public String from(String current) {
    if (!sources.contains(current)) {
      throw new ConflictException(
          "invalid_model_transition",
          "a model cannot go from "
              + current
              + " to "
              + target
              + "; "
              + name().toLowerCase(Locale.ROOT)
              + " applies to "
              + String.join(" or ", sources.stream().sorted().toList())
              + " models");
    }
    return target;
  }

  /** Passes for a model that may be deleted; 409 {@code invalid_model_transition} otherwise. */
  public static void checkDeletable(String current) {
    if (!DELETABLE.contains(current)) {
      throw new ConflictException(
          "invalid_model_transition",
          "a model that is " + current + " cannot be deleted; only draft or unregistered ones can");
    }
  }

  /** Passes unless the model is a draft, which is not validated before it is registered. */
  public static void checkValidatable(String current) {
    if (DRAFT.equals(current)) {
      throw new ConflictException(
          "invalid_model_transition",
          "a draft model cannot be validated; register it first (from draft to registered)");
    }
  }
}
