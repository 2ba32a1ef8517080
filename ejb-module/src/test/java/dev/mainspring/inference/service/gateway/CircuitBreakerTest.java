package dev.mainspring.inference.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.UpstreamException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final CircuitBreaker breaker = new CircuitBreaker(3, 500, now::get);

  @Test
  void opensAfterTheThresholdOfFailuresInARow() {
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    assertTrue(breaker.tryAcquire(), "a success in between resets the count");
    breaker.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, breaker.state());
    assertFalse(breaker.tryAcquire());
    assertEquals(500, breaker.millisUntilRetry());
  }

  @Test
  void letsOneTrialThroughAfterTheOpenPeriod() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    now.addAndGet(499);
    assertFalse(breaker.tryAcquire());
    now.addAndGet(1);
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
    assertTrue(breaker.tryAcquire(), "the trial call");
    assertFalse(breaker.tryAcquire(), "only one trial at a time");
    breaker.onFailure();
    assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "a failed trial reopens it");
    now.addAndGet(500);
    assertTrue(breaker.tryAcquire());
    breaker.onSuccess();
    assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    assertTrue(breaker.tryAcquire());
  }

  @Test
  void aNeutralEndFreesTheTrialWithoutJudging() {
    for (int i = 0; i < 3; i++) {
      breaker.onFailure();
    }
    now.addAndGet(500);
    assertTrue(breaker.tryAcquire());
    breaker.onNeutral();
    assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
    assertTrue(breaker.tryAcquire(), "the next call may try");
  }

  @Test
  void outcomesCountAgainstTheProviderOnlyForItsOwnFailures() {
    assertTrue(CallOutcome.failure("upstream_error", 502).providerFailed());
    assertTrue(CallOutcome.of(UpstreamException.timeout("slow")).providerFailed());
    assertFalse(CallOutcome.failure("rejected", 400).providerFailed());
    assertTrue(CallOutcome.failure("rejected", 400).providerAnswered());
    assertFalse(
        CallOutcome.of(UpstreamException.rateLimited("x", java.util.Optional.of(1L)))
            .providerFailed());
    assertFalse(CallOutcome.clientDisconnected(1, 2).providerFailed());
    assertFalse(CallOutcome.clientDisconnected(1, 2).providerAnswered());
    assertEquals(
        "rate_limited",
        CallOutcome.of(UpstreamException.rateLimited("x", java.util.Optional.empty())).outcome());
  }
}
