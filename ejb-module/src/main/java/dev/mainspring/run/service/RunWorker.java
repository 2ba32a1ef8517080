package dev.mainspring.run.service;

import dev.mainspring.inference.service.gateway.Gateway;
import dev.mainspring.inference.service.gateway.TokenCounter;
import dev.mainspring.platform.service.InstanceInfo;
import dev.mainspring.run.model.AgentRunRepository;
import dev.mainspring.run.service.tool.ToolRegistry;
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
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance's part of the run engine. Every {@code mainspring.runs.poll-ms} (and at once when a
 * run is queued or resumed here) one tick: the heartbeat of the runs it executes (leases renewed
 * every third of {@code mainspring.runs.lease-seconds}; a stop asked through any instance is seen
 * here within a tick; a run that is no longer its own is let go), then claims of queued runs while
 * fewer than {@code mainspring.runs.max-concurrent} run here, each on a thread of the container's
 * managed thread factory. Instances share nothing but PostgreSQL: the claim ({@code FOR UPDATE SKIP
 * LOCKED}) decides who runs what, the lease who may write.
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RunWorker {

  private static final Logger LOG = Logger.getLogger(RunWorker.class.getName());

  /** Most runs one claim takes, so one instance does not take a burst of runs all at once. */
  static final int CLAIM_BATCH = 16;

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threads;

  @Inject RunSteps steps;
  @Inject RunSettings settings;
  @Inject InstanceInfo instance;
  @Inject Gateway gateway;
  @Inject ToolRegistry tools;
  @Inject TokenCounter counter;
  @Inject RunWakeups wakeups;

  private final Map<UUID, RunExecution> running = new ConcurrentHashMap<>();
  private final ReentrantLock ticking = new ReentrantLock();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean closing;
  private volatile long lastRenewal;
  private String owner;
  private ScheduledFuture<?> ticker;

  /**
   * Runs execute on threads of their own, made by the container's ManagedThreadFactory (so they
   * carry the application's context), as many as {@code mainspring.runs.max-concurrent} at most.
   * Not on the shared ManagedExecutorService: a run lasts minutes, and Payara's default executor
   * has two threads, which the API key checks, the runtime snapshot loads and the SSE relay's reads
   * also need; runs there would starve them.
   */
  private ThreadPoolExecutor executor;

  @PostConstruct
  void start() {
    owner = instance.id() + "/" + UUID.randomUUID().toString().substring(0, 8);
    // As many threads as runs may execute here; a run claimed while the thread of one that just
    // ended has not gone back to the pool yet waits in the queue for it rather than being refused.
    executor =
        new ThreadPoolExecutor(
            settings.maxConcurrent(),
            settings.maxConcurrent(),
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            threads);
    executor.allowCoreThreadTimeOut(true);
    ticker =
        scheduler.scheduleWithFixedDelay(
            this::tick, settings.pollMillis(), settings.pollMillis(), TimeUnit.MILLISECONDS);
    wakeups.register(this::wake);
  }

  @PreDestroy
  void stop() {
    closing = true;
    wakeups.register(() -> {});
    if (ticker != null) {
      ticker.cancel(false);
    }
    // The runs in progress are let go: their leases run out and another instance goes on with
    // them from their last recorded step.
    running.values().forEach(RunExecution::abandon);
    if (executor != null) {
      executor.shutdown();
    }
  }

  /** The name this instance's claims carry. */
  public String owner() {
    return owner;
  }

  /** How many runs execute here now. */
  public int runningCount() {
    return running.size();
  }

  void wake() {
    if (closing) {
      return;
    }
    try {
      scheduler.execute(this::tick);
    } catch (RejectedExecutionException shuttingDown) {
      LOG.fine("run worker not woken: the executor is shutting down");
    }
  }

  void tick() {
    if (!ticking.tryLock()) {
      again.set(true);
      return;
    }
    try {
      do {
        again.set(false);
        beat();
        claim();
      } while (again.get() && !closing);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Run worker tick failed; trying again at the next one", e);
    } finally {
      ticking.unlock();
    }
  }

  private void beat() {
    if (running.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    boolean renew = now - lastRenewal >= settings.leaseSeconds() * 1000L / 3;
    List<AgentRunRepository.Held> held =
        steps.heartbeat(owner, settings.leaseSeconds(), renew, List.copyOf(running.keySet()));
    if (renew) {
      lastRenewal = now;
    }
    Map<UUID, Boolean> stops = new ConcurrentHashMap<>();
    held.forEach(h -> stops.put(h.id(), h.stopRequested()));
    for (RunExecution execution : running.values()) {
      Boolean stop = stops.get(execution.runId());
      if (stop == null) {
        // Not ours any more, or not running: ended meanwhile, or parked; the execution notices it
        // itself at its next write. Only a run ours for a while and now missing is abandoned.
        continue;
      }
      if (stop) {
        execution.stop();
      }
    }
  }

  private void claim() {
    int free = settings.maxConcurrent() - running.size();
    if (free <= 0 || closing) {
      return;
    }
    for (AgentRunRepository.Claimed claimed :
        steps.claim(owner, settings.leaseSeconds(), Math.min(free, CLAIM_BATCH))) {
      RunExecution previous = running.get(claimed.id());
      if (previous != null) {
        // Claimed again while its earlier execution here still runs: that one lost its lease
        // (its heartbeat failed for longer than the lease) and must stop writing.
        previous.abandon();
      }
      RunExecution execution =
          new RunExecution(
              claimed.orgId(),
              claimed.id(),
              claimed.claims(),
              owner + "#" + claimed.claims(),
              steps,
              gateway,
              tools,
              counter);
      running.put(claimed.id(), execution);
      try {
        executor.execute(
            () -> {
              try {
                execution.run();
              } finally {
                running.remove(claimed.id(), execution);
                if (!closing) {
                  wake();
                }
              }
            });
      } catch (RejectedExecutionException full) {
        running.remove(claimed.id(), execution);
        LOG.log(
            Level.WARNING,
            "Run "
                + claimed.id()
                + " could not be started here; its lease runs out and another"
                + " instance takes it",
            full);
      }
    }
    if (lastRenewal == 0) {
      lastRenewal = System.currentTimeMillis();
    }
  }
}
