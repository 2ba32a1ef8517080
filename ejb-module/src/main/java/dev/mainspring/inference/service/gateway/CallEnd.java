package dev.mainspring.inference.service.gateway;

import java.time.Duration;

/**
 * The end of one model call's life: the provider's permit returned, its breaker told, metrics and
 * the usage record written. {@link Gateway} makes one per call; {@link ChatChunks} and the other
 * call paths run it exactly once, whichever way the call ends.
 */
@FunctionalInterface
interface CallEnd {

  /**
   * @param timeToFirstToken null when nothing arrived
   */
  void end(CallOutcome outcome, Duration timeToFirstToken);
}
