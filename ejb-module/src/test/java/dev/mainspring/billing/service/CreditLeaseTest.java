package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A lease admits no more than it holds and gives back only what no call may still cost. */
class CreditLeaseTest {

  private static final long SECOND = 1_000_000_000L;

  private final CreditLease lease = new CreditLease(UUID.randomUUID(), 1_000, 0);

  @Test
  void itAdmitsCallsUntilTheirEstimatesUseItUp() {
    assertTrue(lease.admit(400, 1));
    assertTrue(lease.admit(400, 2));
    assertFalse(lease.admit(400, 3), "200 left cannot cover 400");
    assertTrue(lease.admit(200, 4));
    assertEquals(0, lease.remaining());
    assertEquals(3, lease.inFlight());
  }

  @Test
  void aCallsEndFreesWhatItsEstimateExceededItsCostByAndKeepsTheCostTaken() {
    lease.admit(400, 1);
    lease.settle(400, 150);
    assertEquals(850, lease.remaining(), "the cost stays taken until its record is posted");
    assertEquals(0, lease.inFlight());
    lease.admit(400, 2);
    lease.settle(400, 0);
    assertEquals(850, lease.remaining(), "a call that never went out costs nothing");
  }

  @Test
  void aCallThatCostMoreThanItsEstimateTakesTheExcessToo() {
    lease.admit(400, 1);
    lease.settle(400, 1_500);
    assertEquals(-500, lease.remaining(), "1,000 less the 1,500 it cost");
    assertFalse(lease.admit(1, 2), "nothing more until the lease grows");
    lease.grow(600);
    assertFalse(lease.admit(101, 3));
    assertTrue(lease.admit(100, 4));
  }

  @Test
  void aClosedLeaseAdmitsNothingAndGivesBackOnceNothingIsInFlight() {
    lease.admit(300, 1);
    lease.close();
    assertFalse(lease.admit(1, 2));
    assertEquals(-1, lease.giveBack(3, 900 * SECOND), "a call is still in flight");
    lease.settle(300, 100);
    assertEquals(900, lease.giveBack(4, 900 * SECOND));
    assertEquals(-1, lease.giveBack(5, 900 * SECOND), "given back once");
  }

  @Test
  void anOpenLeaseGivesNothingBack() {
    assertEquals(-1, lease.giveBack(1, 900 * SECOND));
  }

  @Test
  void aLeaseWhoseCallsNeverEndedGivesBackNothingOnceItsRowExpired() {
    lease.admit(300, 1);
    lease.close();
    assertEquals(-1, lease.giveBack(899 * SECOND, 900 * SECOND));
    assertEquals(0, lease.giveBack(900 * SECOND, 900 * SECOND));
  }

  @Test
  void itIsDueWhenOldOrIdle() {
    assertFalse(lease.due(5 * SECOND, 60 * SECOND, 10 * SECOND));
    assertTrue(lease.due(10 * SECOND, 60 * SECOND, 10 * SECOND), "idle since it opened");
    lease.admit(1, 55 * SECOND);
    assertFalse(lease.due(59 * SECOND, 60 * SECOND, 10 * SECOND));
    assertTrue(lease.due(60 * SECOND, 60 * SECOND, 10 * SECOND), "old");
  }
}
