package dev.mainspring.realtime.api;

import dev.mainspring.realtime.service.EventLog;
import dev.mainspring.realtime.service.StoredEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the event log for every live follower of a stream on this instance (SSE clients, Socket.IO
 * subscriptions), many streams per query.
 *
 * <p>A follower is woken when its stream may have grown ({@link #wake}). One reader task at a time
 * drains the woken followers and reads all of one organization's woken streams in one query ({@link
 * EventLog#readAfterEach}): while it reads, further wake-ups gather, so the busier the server, the
 * more streams each query serves. At 5,000 Socket.IO subscriptions with an event a second each,
 * reading per subscription was 5,000 transactions a second and fell behind; this is the SSE relay's
 * reader, shared. A follower's events are handed to it only by that one task, which is what keeps
 * them in order and unique per follower; handing them over must not block (queue them for the
 * connection).
 */
@ApplicationScoped
public class StreamReader {

  /** Events read per stream in one query; a follower with more waiting is read again. */
  static final int READ_EACH = 200;

  /** Followers served by one query at most. */
  static final int BATCH = 2_000;

  private static final Logger LOG = Logger.getLogger(StreamReader.class.getName());

  @Inject EventLog eventLog;

  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;

  private final ConcurrentLinkedQueue<Follower> woken = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean reading = new AtomicBoolean();

  /**
   * One follower of one stream. The reader calls its methods on its own task, one follower at a
   * time; {@link #wake} may be called from any thread.
   */
  public abstract static class Follower {

    private final AtomicBoolean queued = new AtomicBoolean();

    /** The organization the stream belongs to (the read acts for it). */
    protected abstract UUID orgId();

    /** The stream followed. */
    protected abstract String stream();

    /** The last sequence the follower took; the next read asks for what comes after it. */
    protected abstract long lastSequence();

    /** True once the follower wants nothing more: it is dropped from reads. */
    protected abstract boolean ended();

    /**
     * False when it cannot take more now (its connection is behind); it is then skipped, and wakes
     * itself again once it can.
     */
    protected boolean ready() {
      return true;
    }

    /**
     * Takes the events read after {@link #lastSequence()}, oldest first (none when nothing was
     * new). Runs on the reader's task: queue, never block.
     */
    protected abstract void take(List<StoredEvent> events);
  }

  /** Asks for a read of the follower's stream after its last sequence, soon, once. */
  public void wake(Follower follower) {
    if (follower.ended() || !follower.queued.compareAndSet(false, true)) {
      return;
    }
    woken.add(follower);
    if (reading.compareAndSet(false, true)) {
      try {
        executor.execute(this::read);
      } catch (RuntimeException e) {
        reading.set(false);
        LOG.log(Level.WARNING, "Could not start the stream reader; trying again in a second", e);
        scheduler.schedule(this::restart, 1, TimeUnit.SECONDS);
      }
    }
  }

  private void restart() {
    if (!woken.isEmpty() && reading.compareAndSet(false, true)) {
      read();
    }
  }

  /** Drains the woken followers, a batch per query, until none is left. */
  private void read() {
    while (true) {
      List<Follower> batch = new ArrayList<>();
      for (Follower f = woken.poll(); f != null; f = batch.size() < BATCH ? woken.poll() : null) {
        f.queued.set(false);
        if (!f.ended()) {
          batch.add(f);
        }
      }
      if (batch.isEmpty()) {
        reading.set(false);
        // a wake-up that came after the poll and before the flag: serve it here
        if (woken.isEmpty() || !reading.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      Map<UUID, List<Follower>> byOrg = new HashMap<>();
      for (Follower f : batch) {
        if (f.ready()) {
          byOrg.computeIfAbsent(f.orgId(), o -> new ArrayList<>()).add(f);
        }
      }
      byOrg.forEach(this::readOrg);
    }
  }

  private void readOrg(UUID orgId, List<Follower> group) {
    Map<String, Long> after = new HashMap<>();
    for (Follower f : group) {
      after.merge(f.stream(), f.lastSequence(), Math::min);
    }
    Map<String, List<StoredEvent>> found;
    try {
      found = eventLog.readAfterEach(orgId, after, READ_EACH);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Reading live streams failed; trying again in a second", e);
      scheduler.schedule(() -> group.forEach(this::wake), 1, TimeUnit.SECONDS);
      return;
    }
    for (Follower f : group) {
      List<StoredEvent> events = found.getOrDefault(f.stream(), List.of());
      try {
        f.take(events);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A follower of " + f.stream() + " failed to take its events", e);
        continue;
      }
      if (events.size() == READ_EACH) {
        wake(f);
      }
    }
  }
}
