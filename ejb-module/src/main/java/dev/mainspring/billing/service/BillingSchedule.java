package dev.mainspring.billing.service;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the usage posters ({@code mainspring.billing.posters}, each for its part of the
 * organizations) every {@code mainspring.billing.post-interval-ms}, the hold sweeper every {@code
 * mainspring.billing.sweep-interval-seconds} and the quota reset's round every {@code
 * mainspring.billing.quota-reset-interval-seconds}, on the container's managed scheduler, on every
 * instance: the posters share the backlog through skipped locks, so more instances only post
 * faster; a round posts batch after batch until the backlog is gone. The quota reset runs once per
 * interval across instances, and only when some period has ended ({@link QuotaResetJob}). The
 * billing reconciliation runs every {@code mainspring.billing.reconcile-interval-seconds}, once per
 * interval across instances ({@link ReconciliationJob}). Every second, it closes this instance's
 * old and idle credit leases and gives back what they did not use ({@link CreditLeases}).
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BillingSchedule {

  private static final Logger LOG = Logger.getLogger(BillingSchedule.class.getName());
  static final int SWEEP_BATCH = 1_000;

  @Inject UsagePoster poster;
  @Inject BillingSettings settings;
  @Inject QuotaResetJob quotaReset;
  @Inject ReconciliationJob reconciliation;
  @Inject CreditLeases leases;

  @Resource ManagedScheduledExecutorService scheduler;

  private final List<ScheduledFuture<?>> posting = new CopyOnWriteArrayList<>();
  private volatile ScheduledFuture<?> sweeping;
  private volatile ScheduledFuture<?> resetting;
  private volatile ScheduledFuture<?> reconciling;
  private volatile ScheduledFuture<?> leasing;

  @PostConstruct
  void start() {
    if (settings.postIntervalMillis() < 1
        || settings.postBatch() < 1
        || settings.posters() < 1
        || settings.sweepIntervalSeconds() < 1
        || settings.reservationTtlSeconds() < 1
        || settings.defaultMaxTokens() < 1
        || settings.quotaResetIntervalSeconds() < 1
        || settings.quotaResetRange() < 1
        || settings.reconcileIntervalSeconds() < 1
        || settings.reconcileRange() < 1
        || settings.reconcileLeaseSeconds() < 1) {
      throw new IllegalStateException(
          "mainspring.billing.post-interval-ms, post-batch, posters, sweep-interval-seconds,"
              + " reservation-ttl-seconds, default-max-tokens, quota-reset-interval-seconds,"
              + " quota-reset-range, reconcile-interval-seconds, reconcile-range and"
              + " reconcile-lease-seconds must be at least 1");
    }
    if (settings.leaseCalls() < 0
        || settings.leaseShare() < 1
        || settings.leaseIdleSeconds() < 1
        || settings.leaseSeconds() < 1
        || settings.leaseSeconds() * 2 > settings.reservationTtlSeconds()
        || settings.priceCacheSeconds() < 0) {
      throw new IllegalStateException(
          "mainspring.billing.lease-calls and price-cache-seconds must be at least 0,"
              + " lease-share, lease-seconds and lease-idle-seconds at least 1, and lease-seconds"
              + " at most half of reservation-ttl-seconds (a lease is closed long before its"
              + " hold could expire)");
    }
    int parts = settings.posters();
    for (int part = 0; part < parts; part++) {
      int mine = part;
      posting.add(
          scheduler.scheduleWithFixedDelay(
              () -> post(mine, parts),
              settings.postIntervalMillis(),
              settings.postIntervalMillis(),
              TimeUnit.MILLISECONDS));
    }
    sweeping =
        scheduler.scheduleWithFixedDelay(
            this::sweep,
            settings.sweepIntervalSeconds(),
            settings.sweepIntervalSeconds(),
            TimeUnit.SECONDS);
    resetting =
        scheduler.scheduleWithFixedDelay(
            this::resetQuotas,
            settings.quotaResetIntervalSeconds(),
            settings.quotaResetIntervalSeconds(),
            TimeUnit.SECONDS);
    reconciling =
        scheduler.scheduleWithFixedDelay(
            this::reconcile,
            settings.reconcileIntervalSeconds(),
            settings.reconcileIntervalSeconds(),
            TimeUnit.SECONDS);
    leasing = scheduler.scheduleWithFixedDelay(this::maintainLeases, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    List<ScheduledFuture<?>> tasks = new ArrayList<>(posting);
    tasks.addAll(Arrays.asList(sweeping, resetting, reconciling, leasing));
    for (ScheduledFuture<?> task : tasks) {
      if (task != null) {
        task.cancel(false);
      }
    }
  }

  void post(int part, int parts) {
    try {
      int batch = settings.postBatch();
      while (poster.postBatch(batch, part, parts) == batch) {
        // a full batch: more may be waiting
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Posting usage failed; trying again at the next interval", e);
    }
  }

  void sweep() {
    try {
      long released;
      do {
        released = poster.releaseExpired(SWEEP_BATCH);
      } while (released == SWEEP_BATCH);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Releasing expired holds failed; trying again later", e);
    }
  }

  void maintainLeases() {
    try {
      leases.maintain();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Maintaining the credit leases failed; trying again in a second", e);
    }
  }

  void resetQuotas() {
    try {
      quotaReset.scheduled();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Starting the quota reset failed; trying again at the next interval", e);
    }
  }

  void reconcile() {
    try {
      reconciliation.scheduled();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Starting the billing reconciliation failed; trying again at the next interval",
          e);
    }
  }
}
