package dev.mainspring.inference.service.gateway;

import java.util.function.LongSupplier;

/**
 * A circuit breaker for one provider instance. {@code failureThreshold} failures in a row open it:
 * calls are refused at once for {@code openMillis}; then one trial call is let through (half open)
 * and its outcome closes or reopens the breaker. Only the provider's own failures count (5xx,
 * timeouts, unreachable); a refused request or a client that went away does not.
 */
public final class CircuitBreaker {

  /** The breaker's state, with the number exported as a metric. */
  public enum State {
    CLOSED(0),
    OPEN(1),
    HALF_OPEN(2);

    private final int gauge;

    State(int gauge) {
      this.gauge = gauge;
    }

    public int gauge() {
      return gauge;
    }
  }

  private final int failureThreshold;
  private final long openMillis;
  private final LongSupplier clock;

  private State state = State.CLOSED;
  private int failures;
  private long openedAt;
  private boolean trialInFlight;

  public CircuitBreaker(int failureThreshold, long openMillis, LongSupplier clockMillis) {
    this.failureThreshold = failureThreshold;
    this.openMillis = openMillis;
    this.clock = clockMillis;
  }

  /** Whether a call may go ahead now. A true answer when half open is the one trial call. */
  public synchronized boolean tryAcquire() {
    if (state == State.OPEN && clock.getAsLong() - openedAt >= openMillis) {
      state = State.HALF_OPEN;
      trialInFlight = false;
    }
    return switch (state) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> {
        if (trialInFlight) {
          yield false;
        }
        trialInFlight = true;
        yield true;
      }
    };
  }

  /** How long until the breaker lets a trial call through, in milliseconds (0 when closed). */
  public synchronized long millisUntilRetry() {
    if (state != State.OPEN) {
      return 0;
    }
    return Math.max(0, openMillis - (clock.getAsLong() - openedAt));
  }

  public synchronized void onSuccess() {
    state = State.CLOSED;
    failures = 0;
    trialInFlight = false;
  }

  public synchronized void onFailure() {
    failures++;
    if (state == State.HALF_OPEN || failures >= failureThreshold) {
      state = State.OPEN;
      openedAt = clock.getAsLong();
      trialInFlight = false;
    }
  }

  /** A call that ended without telling anything about the provider's health (a client left). */
  public synchronized void onNeutral() {
    if (state == State.HALF_OPEN) {
      trialInFlight = false;
    }
  }

  public synchronized State state() {
    if (state == State.OPEN && clock.getAsLong() - openedAt >= openMillis) {
      return State.HALF_OPEN;
    }
    return state;
  }
}
