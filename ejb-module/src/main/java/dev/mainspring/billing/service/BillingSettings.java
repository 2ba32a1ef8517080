package dev.mainspring.billing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Billing's configuration keys (documented in docs/operations.md). Billing is off by default: a
 * self-hosted installation meters and posts usage but refuses no call, unless {@code
 * mainspring.billing.enforce} is true or the organization has a subscription (active or canceled).
 */
@ApplicationScoped
public class BillingSettings {

  @Inject
  @ConfigProperty(name = "mainspring.billing.enforce", defaultValue = "false")
  boolean enforce;

  @Inject
  @ConfigProperty(name = "mainspring.billing.default-max-tokens", defaultValue = "4096")
  long defaultMaxTokens;

  @Inject
  @ConfigProperty(name = "mainspring.billing.reservation-ttl-seconds", defaultValue = "900")
  int reservationTtlSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.post-interval-ms", defaultValue = "1000")
  long postIntervalMillis;

  @Inject
  @ConfigProperty(name = "mainspring.billing.post-batch", defaultValue = "500")
  int postBatch;

  @Inject
  @ConfigProperty(name = "mainspring.billing.posters", defaultValue = "2")
  int posters;

  @Inject
  @ConfigProperty(name = "mainspring.billing.sweep-interval-seconds", defaultValue = "30")
  long sweepIntervalSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.enforcement-cache-seconds", defaultValue = "5")
  long enforcementCacheSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.byok-cache-seconds", defaultValue = "5")
  long byokCacheSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.byok-allow-private-networks", defaultValue = "false")
  boolean byokAllowPrivateNetworks;

  @Inject
  @ConfigProperty(name = "mainspring.billing.quota-reset-interval-seconds", defaultValue = "300")
  long quotaResetIntervalSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.quota-reset-range", defaultValue = "5000")
  int quotaResetRange;

  @Inject
  @ConfigProperty(name = "mainspring.billing.quota-reset-lease-seconds", defaultValue = "600")
  long quotaResetLeaseSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.reconcile-interval-seconds", defaultValue = "86400")
  long reconcileIntervalSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.reconcile-range", defaultValue = "500")
  int reconcileRange;

  @Inject
  @ConfigProperty(name = "mainspring.billing.reconcile-lease-seconds", defaultValue = "600")
  long reconcileLeaseSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.lease-calls", defaultValue = "64")
  int leaseCalls;

  @Inject
  @ConfigProperty(name = "mainspring.billing.lease-share", defaultValue = "4")
  int leaseShare;

  @Inject
  @ConfigProperty(name = "mainspring.billing.lease-seconds", defaultValue = "60")
  long leaseSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.lease-idle-seconds", defaultValue = "10")
  long leaseIdleSeconds;

  @Inject
  @ConfigProperty(name = "mainspring.billing.price-cache-seconds", defaultValue = "5")
  long priceCacheSeconds;

  /** Whether every organization's calls are held against its credits. */
  public boolean enforce() {
    return enforce;
  }

  /** The completion tokens assumed for a call that names no {@code max_tokens}. */
  public long defaultMaxTokens() {
    return defaultMaxTokens;
  }

  public int reservationTtlSeconds() {
    return reservationTtlSeconds;
  }

  public long postIntervalMillis() {
    return postIntervalMillis;
  }

  public int postBatch() {
    return postBatch;
  }

  /**
   * How many posters each instance runs, each for its part of the organizations (the same parts on
   * every instance).
   */
  public int posters() {
    return posters;
  }

  public long sweepIntervalSeconds() {
    return sweepIntervalSeconds;
  }

  public long enforcementCacheSeconds() {
    return enforcementCacheSeconds;
  }

  /** How long the gateway remembers whether a user has a key of their own. */
  public long byokCacheSeconds() {
    return byokCacheSeconds;
  }

  /**
   * Whether a user's key may be tested against a loopback or private address (a user names the base
   * URL, and the test must not let them probe the operator's network).
   */
  public boolean byokAllowPrivateNetworks() {
    return byokAllowPrivateNetworks;
  }

  /**
   * How often the schedule looks for ended periods, and the length of the interval that keys a
   * quota reset over every organization (one run per interval, across instances).
   */
  public long quotaResetIntervalSeconds() {
    return quotaResetIntervalSeconds;
  }

  /**
   * How long a started quota reset may stay silent (no chunk committed) before another instance
   * takes it over and runs it again from its checkpoint.
   */
  public long quotaResetLeaseSeconds() {
    return quotaResetLeaseSeconds;
  }

  /** How many organizations' counters one statement of the quota reset resets. */
  public int quotaResetRange() {
    return quotaResetRange;
  }

  /**
   * How often the schedule starts the billing reconciliation, and the length of the interval that
   * keys a scheduled run (one run per interval, across instances).
   */
  public long reconcileIntervalSeconds() {
    return reconcileIntervalSeconds;
  }

  /** How many organizations one range of the billing reconciliation checks. */
  public int reconcileRange() {
    return reconcileRange;
  }

  /**
   * How long a started {@code billing-reconciliation} run may go without a heartbeat (one per
   * committed chunk) before the next attempt, on any instance, takes it over and runs it again from
   * its checkpoint.
   */
  public long reconcileLeaseSeconds() {
    return reconcileLeaseSeconds;
  }

  /**
   * How many estimates of the call at hand an instance's credit lease takes or grows by; 0: no
   * leases, every call holds its own estimate ({@link CreditLeases}).
   */
  public int leaseCalls() {
    return leaseCalls;
  }

  /**
   * A lease is taken or grown only while the organization has at least this many times its amount
   * available; below that, calls hold their own estimates, exactly.
   */
  public int leaseShare() {
    return leaseShare;
  }

  /** How long an instance admits calls under one lease before it closes it for a new one. */
  public long leaseSeconds() {
    return leaseSeconds;
  }

  /** How long a lease without a call stays open. */
  public long leaseIdleSeconds() {
    return leaseIdleSeconds;
  }

  /** How long the gateway estimates calls with the prices it read, before reading them again. */
  public long priceCacheSeconds() {
    return priceCacheSeconds;
  }
}
