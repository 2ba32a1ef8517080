package dev.mainspring.run.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What a start does when its thread already has an active run (LangGraph Agent Server's {@code
 * multitask_strategy}): refuse it, queue the new run behind it, or stop it and then run.
 */
public enum MultitaskStrategy {
  REJECT,
  ENQUEUE,
  INTERRUPT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The strategy of a wire name, empty for an unknown one. */
  public static Optional<MultitaskStrategy> parse(String wireName) {
    for (MultitaskStrategy strategy : values()) {
      if (strategy.wireName().equals(wireName)) {
        return Optional.of(strategy);
      }
    }
    return Optional.empty();
  }
}
