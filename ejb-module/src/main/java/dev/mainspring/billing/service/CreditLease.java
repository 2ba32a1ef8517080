package dev.mainspring.billing.service;

import java.util.UUID;

/**
 * This instance's side of one credit lease: how much of the block held in the database it may still
 * admit calls against. Admitting a call takes its estimate out of {@code remaining}; the call's end
 * puts back what the estimate exceeded its cost by; the cost itself stays taken, because the lease
 * row in the database still holds it until the call's usage record is posted, which takes the cost
 * out of the row. So {@code remaining} never exceeds what the row holds less what is in flight, and
 * the instance can never admit more than the database holds for it.
 *
 * <p>A lease is closed when it is old or idle; once nothing admitted under it is in flight, what
 * remains is given back to the database once. Not thread-safe: {@link CreditLeases} guards each
 * organization's leases with that organization's monitor.
 */
final class CreditLease {

  private final UUID id;
  private final long openedNanos;
  private long remaining;
  private int inFlight;
  private long lastUsedNanos;
  private boolean closed;
  private boolean givenBack;

  CreditLease(UUID id, long amount, long nowNanos) {
    this.id = id;
    this.remaining = amount;
    this.openedNanos = nowNanos;
    this.lastUsedNanos = nowNanos;
  }

  UUID id() {
    return id;
  }

  long remaining() {
    return remaining;
  }

  int inFlight() {
    return inFlight;
  }

  boolean closed() {
    return closed;
  }

  /** Admits a call of {@code estimate} when the lease is open and covers it. */
  boolean admit(long estimate, long nowNanos) {
    if (closed || remaining < estimate) {
      return false;
    }
    remaining -= estimate;
    inFlight++;
    lastUsedNanos = nowNanos;
    return true;
  }

  /** Adds what the database added to the lease's row. */
  void grow(long amount) {
    remaining += amount;
  }

  /**
   * A call admitted with {@code estimate} ended having cost {@code cost} (0: it never went out):
   * the difference is free again. A cost above the estimate takes the excess too.
   */
  void settle(long estimate, long cost) {
    remaining += estimate - cost;
    inFlight--;
  }

  /**
   * Whether the lease should close: open longer than {@code maxAgeNanos} or idle {@code idleNanos}.
   */
  boolean due(long nowNanos, long maxAgeNanos, long idleNanos) {
    return nowNanos - openedNanos >= maxAgeNanos || nowNanos - lastUsedNanos >= idleNanos;
  }

  void close() {
    closed = true;
  }

  /**
   * What to give back to the database now, once: the remaining amount when the lease is closed and
   * nothing admitted under it is in flight (at least 0); -1 while it is not time yet. A lease older
   * than {@code expiryNanos} gives back 0: its row has expired (calls still counted in flight were
   * never settled) and the sweeper deletes it.
   */
  long giveBack(long nowNanos, long expiryNanos) {
    if (!closed || givenBack) {
      return -1;
    }
    if (inFlight > 0 && nowNanos - openedNanos < expiryNanos) {
      return -1;
    }
    givenBack = true;
    return inFlight > 0 ? 0 : Math.max(0, remaining);
  }
}
