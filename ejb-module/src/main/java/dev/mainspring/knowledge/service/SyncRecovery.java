package dev.mainspring.knowledge.service;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps sync runs alive across instance deaths. Every {@code
 * mainspring.context.sync-recovery-millis} (default 5000, first at start-up) it renews this
 * instance's leases on the runs it executes, then claims the runs whose lease ran out (their
 * instance died mid-job, or between queueing and starting) and starts a new job execution for each,
 * which goes on after the run's checkpoint. The batch runtime's own restart is not used: it refuses
 * an execution still marked STARTED, which is what a killed instance leaves behind, and only
 * PostgreSQL knows which instance is alive.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SyncRecovery {

  private static final Logger LOG = Logger.getLogger(SyncRecovery.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject SyncService runs;
  @Inject SyncJob job;

  @Inject
  @ConfigProperty(name = "mainspring.context.sync-recovery-millis", defaultValue = "5000")
  long intervalMillis;

  private ScheduledFuture<?> ticker;

  @PostConstruct
  void start() {
    if (intervalMillis < 100) {
      throw new IllegalStateException("mainspring.context.sync-recovery-millis must be >= 100");
    }
    ticker =
        scheduler.scheduleWithFixedDelay(
            this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (ticker != null) {
      ticker.cancel(false);
    }
  }

  void tick() {
    try {
      runs.renewLeases();
      for (int i = 0; i < 16; i++) {
        Optional<UUID> claimed = runs.claimOrphan();
        if (claimed.isEmpty()) {
          return;
        }
        LOG.info(() -> "Sync run " + claimed.get() + " lost its instance; starting it again here");
        job.launch(claimed.get());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Sync recovery failed; trying again at the next tick", e);
    }
  }
}
