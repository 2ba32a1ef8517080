package dev.mainspring.realtime.service;

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
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps events {@code mainspring.events.retention-hours} (default 24) and deletes older ones every
 * {@code mainspring.events.cleanup-interval-seconds} (default 600), on the container's managed
 * scheduler: no persistent timer, nothing shared between instances. Every instance runs it; the
 * deletes are idempotent, so two instances at once only share the work. Batches of {@value #BATCH}
 * rows, each in its own transaction, keep locks and the write-ahead log small. The deletion goes
 * through the database function {@code prune_events}, which acts as the schema owner, since
 * row-level security shows the application one organization at a time.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventRetention {

  static final int BATCH = 10_000;

  private static final Logger LOG = Logger.getLogger(EventRetention.class.getName());

  @Inject EventPruner pruner;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "mainspring.events.retention-hours", defaultValue = "24")
  long retentionHours;

  @Inject
  @ConfigProperty(name = "mainspring.events.cleanup-interval-seconds", defaultValue = "600")
  long intervalSeconds;

  private volatile ScheduledFuture<?> task;

  @PostConstruct
  void start() {
    if (retentionHours < 1 || intervalSeconds < 1) {
      throw new IllegalStateException(
          "mainspring.events.retention-hours and mainspring.events.cleanup-interval-seconds"
              + " must be at least 1");
    }
    task =
        scheduler.scheduleWithFixedDelay(
            this::prune, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    ScheduledFuture<?> running = task;
    if (running != null) {
      running.cancel(false);
    }
  }

  /**
   * Deletes every event older than the retention period, batch after batch, and the long-poll
   * queues nobody polled within it.
   */
  void prune() {
    Instant before = Instant.now().minus(Duration.ofHours(retentionHours));
    try {
      long total = 0;
      long deleted;
      do {
        deleted = pruner.pruneBatch(before, BATCH);
        total += deleted;
      } while (deleted == BATCH);
      pruner.pruneQueues(before);
      if (total > 0) {
        long removed = total;
        LOG.fine(() -> "Deleted " + removed + " events older than " + before);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Deleting old events failed; trying again at the next interval", e);
    }
  }
}
