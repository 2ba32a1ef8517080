package dev.mainspring.inference.service.gateway;

import dev.mainspring.inference.model.gateway.UsageRecord;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Meters calls: a finished call's usage record is queued, and one writer thread writes what has
 * queued in batches ({@link UsageWriter}), each batch in one transaction. The thread that served
 * the call neither waits for the database nor holds the client's connection for it. The writer
 * waits {@value #GATHER_MILLIS} ms after the first record of a batch, so that one commit covers the
 * calls of that moment: a record is in the database about a tenth of a second after its call ended.
 *
 * <p>Nothing is lost to an unreachable database: a batch that fails for want of a connection
 * (SQLState class 08, 53 or 57P) is retried, with growing pauses up to 30 s, until it is written. A
 * batch refused for another reason is retried {@value #ATTEMPTS_BEFORE_SPLIT} times (about 25 s of
 * pauses) and then split, so that one bad record cannot hold back the others, and a single record
 * that still fails then is logged whole (SEVERE) and counted as dropped. Records carry their id
 * into the database, and a retried batch skips those already written, so a retry never counts a
 * call twice. When the queue is full the caller writes its record itself. Shutting down writes what
 * is queued first. What a crash of the process loses is what was queued at that instant: the
 * records of calls that ended in the last tenth of a second or so.
 */
@ApplicationScoped
public class UsageMeter {

  private static final Logger LOG = Logger.getLogger(UsageMeter.class.getName());
  static final int QUEUE_LIMIT = 100_000;
  static final int BATCH_LIMIT = 500;
  static final int ATTEMPTS_BEFORE_SPLIT = 8;

  /**
   * How long the writer waits after the first record of a batch for more to arrive. A commit per
   * record cost more CPU than the rest of a gateway call under load.
   */
  static final long GATHER_MILLIS = 100;

  private static final long MAX_PAUSE_MILLIS = 30_000;

  private final BlockingQueue<UsageRecord> pending = new LinkedBlockingQueue<>(QUEUE_LIMIT);
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean running = true;
  private volatile Thread writer;

  @Inject UsageWriter usageWriter;

  @Inject MetricRegistry registry;

  @Resource ManagedThreadFactory threads;

  /** Queues a finished call's record for writing. */
  public void record(UsageRecord record) {
    if (writer == null) {
      startWriter(); // once; no lock on the calls after
    }
    if (!pending.offer(record)) {
      writeWithRetries(List.of(record), 3, false); // the queue is full: no waiting without end
    }
  }

  /** Records queued and not yet written. */
  public int pending() {
    return pending.size();
  }

  /** Records given up on after repeated failures (each one is in the log). */
  public long dropped() {
    return dropped.get();
  }

  private synchronized void startWriter() {
    if (writer == null && running) {
      writer = threads.newThread(this::drain);
      writer.setName("mainspring-usage-writer");
      writer.setDaemon(true);
      writer.start();
      registry.gauge("gateway.usage.pending", this, UsageMeter::pending);
      registry.gauge("gateway.usage.dropped", this, UsageMeter::dropped);
    }
  }

  private void drain() {
    List<UsageRecord> batch = new ArrayList<>(BATCH_LIMIT);
    while (running || !pending.isEmpty()) {
      try {
        UsageRecord first = pending.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        if (running && pending.size() < BATCH_LIMIT) {
          gather();
        }
        pending.drainTo(batch, BATCH_LIMIT - 1);
        writeWithRetries(batch, ATTEMPTS_BEFORE_SPLIT, true);
      } catch (InterruptedException e) {
        if (!running) {
          Thread.interrupted(); // finish the queue before leaving
        }
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "usage writer: unexpected failure", e);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Lets a batch gather for {@value #GATHER_MILLIS} ms: one commit for many calls. Being stopped
   * cuts it short, and the batch is written at once: its first record is already taken from the
   * queue.
   */
  private static void gather() {
    try {
      Thread.sleep(GATHER_MILLIS);
    } catch (InterruptedException stopping) {
      // stop() interrupts to end the wait; what was taken is written before the thread leaves
    }
  }

  /**
   * Writes a batch, retrying; past {@code attempts} failures, writes its records one by one. A
   * {@code patient} writer does not count the failures of an unreachable database.
   */
  private void writeWithRetries(List<UsageRecord> batch, int attempts, boolean patient) {
    long pause = 100;
    for (int attempt = 1; ; attempt++) {
      try {
        usageWriter.write(batch);
        return;
      } catch (RuntimeException e) {
        if (patient && running && unreachable(e)) {
          attempt--; // not the records' fault: wait for the database as long as it takes
        } else if (attempt >= attempts) {
          if (batch.size() > 1) {
            LOG.log(
                Level.WARNING, "usage writer: a batch failed; writing its records one by one", e);
            for (UsageRecord record : batch) {
              writeWithRetries(List.of(record), attempts, patient);
            }
          } else {
            dropped.incrementAndGet();
            LOG.log(
                Level.SEVERE,
                "usage writer: dropped the usage record " + describe(batch.get(0)),
                e);
          }
          return;
        }
        LOG.log(Level.WARNING, "usage writer: attempt " + attempt + " failed; retrying", e);
        if (!pauseFor(pause)) {
          attempts = Math.min(attempts, attempt + 1); // shutting down: one more try
        }
        pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
      }
    }
  }

  /** Whether a failure says the database could not be reached, rather than refused the records. */
  static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57P");
      }
    }
    return false;
  }

  private boolean pauseFor(long millis) {
    try {
      Thread.sleep(running ? millis : Math.min(millis, 500));
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @PreDestroy
  void stop() {
    Thread current;
    synchronized (this) {
      running = false;
      current = writer;
    }
    if (current != null) {
      current.interrupt();
      try {
        current.join(TimeUnit.SECONDS.toMillis(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!pending.isEmpty()) {
      List<UsageRecord> left = new ArrayList<>();
      pending.drainTo(left);
      left.forEach(r -> LOG.severe("usage writer: not written at shutdown: " + describe(r)));
    }
  }

  private static String describe(UsageRecord r) {
    return String.join(
        " ",
        "id=" + r.getId(),
        "org=" + r.getOrgId(),
        "user=" + r.getUserId(),
        "api_key=" + r.getApiKeyId(),
        "provider=" + r.getProviderKey(),
        "model=" + r.getModel(),
        "endpoint=" + r.getEndpoint(),
        "prompt_tokens=" + r.getPromptTokens(),
        "completion_tokens=" + r.getCompletionTokens(),
        "estimated=" + r.isEstimated(),
        "outcome=" + r.getOutcome(),
        "created_at=" + r.getCreatedAt());
  }
}
