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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the usage poster every {@code mainspring.billing.post-interval-ms} and the hold sweeper
 * every {@code mainspring.billing.sweep-interval-seconds}, on the container's managed scheduler, on
 * every instance: the posters share the backlog through skipped locks, so more instances only post
 * faster. A round posts batch after batch until the backlog is gone.
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

  @Resource ManagedScheduledExecutorService scheduler;

  private volatile ScheduledFuture<?> posting;
  private volatile ScheduledFuture<?> sweeping;

  @PostConstruct
  void start() {
    if (settings.postIntervalMillis() < 1
        || settings.postBatch() < 1
        || settings.sweepIntervalSeconds() < 1
        || settings.reservationTtlSeconds() < 1
        || settings.defaultMaxTokens() < 1) {
      throw new IllegalStateException(
          "mainspring.billing.post-interval-ms, post-batch, sweep-interval-seconds,"
              + " reservation-ttl-seconds and default-max-tokens must be at least 1");
    }
    posting =
        scheduler.scheduleWithFixedDelay(
            this::post,
            settings.postIntervalMillis(),
            settings.postIntervalMillis(),
            TimeUnit.MILLISECONDS);
    sweeping =
        scheduler.scheduleWithFixedDelay(
            this::sweep,
            settings.sweepIntervalSeconds(),
            settings.sweepIntervalSeconds(),
            TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {posting, sweeping}) {
      if (task != null) {
        task.cancel(false);
      }
    }
  }

  void post() {
    try {
      int batch = settings.postBatch();
      while (poster.postBatch(batch) == batch) {
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
}
