package dev.mainspring.inference.service.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.UpstreamException;
import dev.mainspring.platform.error.InvalidRequestException;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/** How the end of an admitted call tells a provider's guard: only the provider's failures count. */
class ProviderGuardsTest {

  private final Semaphore permits = new Semaphore(1);
  private final ProviderGuards.Guard guard =
      new ProviderGuards.Guard(0, new CircuitBreaker(2, 60_000, () -> 0L), permits, 1);

  private void call(CallOutcome outcome) {
    assertTrue(guard.breaker().tryAcquire());
    assertTrue(permits.tryAcquire());
    guard.settle(outcome);
    assertEquals(1, permits.availablePermits(), "the permit is returned");
  }

  @Test
  void providerFailuresOpenTheBreaker() {
    call(CallOutcome.of(UpstreamException.unavailable("down", java.util.Optional.empty())));
    call(CallOutcome.failure("timeout", 504));
    assertEquals(CircuitBreaker.State.OPEN, guard.breaker().state());
  }

  @Test
  void invalidRequestsAndClientsLeavingDoNotCountAgainstTheProvider() {
    for (int i = 0; i < 5; i++) {
      call(CallOutcome.of(new InvalidRequestException("invalid_input", "bad")));
      call(CallOutcome.clientDisconnected(1, 1));
    }
    assertEquals(CircuitBreaker.State.CLOSED, guard.breaker().state());
    CallOutcome invalid = CallOutcome.of(new InvalidRequestException("invalid_input", "bad"));
    assertEquals("invalid_request", invalid.outcome());
    assertFalse(invalid.providerFailed());
  }

  @Test
  void aProvidersAnswerEvenARefusalClosesTheBreaker() {
    call(CallOutcome.failure("upstream_error", 502));
    call(CallOutcome.failure("rejected", 400));
    call(CallOutcome.failure("upstream_error", 502));
    assertEquals(CircuitBreaker.State.CLOSED, guard.breaker().state(), "the count started again");
    call(CallOutcome.success(1, 1, false));
    assertEquals(CircuitBreaker.State.CLOSED, guard.breaker().state());
  }

  @Test
  void failuresOfCallsWithAUsersOwnKeyDoNotOpenTheBreakerForEveryone() {
    for (int i = 0; i < 5; i++) {
      assertTrue(guard.breaker().tryAcquire());
      assertTrue(permits.tryAcquire());
      guard.settle(CallOutcome.failure("upstream_error", 502), true);
      assertEquals(1, permits.availablePermits(), "the permit is returned");
    }
    assertEquals(CircuitBreaker.State.CLOSED, guard.breaker().state());
  }

  @Test
  void aRateLimitNeitherOpensNorClosesTheBreaker() {
    CallOutcome limited = CallOutcome.failure("rate_limited", 429);
    assertFalse(limited.providerFailed());
    assertFalse(limited.providerAnswered());
  }
}
