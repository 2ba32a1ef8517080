package dev.mainspring.billing.model;

/**
 * An organization's balances in micro-credits: paid credits, promotional credits, and what open
 * reservations hold of them.
 */
public record Balances(long credits, long promotional, long reserved) {

  /** Credits and promotional credits together. */
  public long total() {
    return credits + promotional;
  }

  /** What a new reservation may take: the total less the holds. */
  public long available() {
    return total() - reserved;
  }
}
