package dev.mainspring.realtime.api;

import dev.mainspring.realtime.service.EventWakeups;
import dev.mainspring.realtime.service.RealtimeQueues;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Long polls that found nothing yet: each waits, suspended and holding no thread, until its queue
 * has events or its time is up. Any new event of the log (on any instance: {@link
 * EventWakeups#subscribeAll}) and a one-second tick (an event becomes readable only once every
 * older transaction has ended, which no notification announces) make one reader task poll each
 * waiting queue again. A pass first asks, in one query, which of the waiting polls' organizations
 * have events a poll would see ({@link RealtimeQueues#orgsWithEvents}), then reads again only their
 * queues, one query each: with thousands waiting, polling every queue at every pass made a pass
 * take seconds (streams benchmark, issue 15). The tick also answers, without a query, the polls
 * whose time is up.
 */
@ApplicationScoped
public class LongPolls {

  private static final Logger LOG = Logger.getLogger(LongPolls.class.getName());

  /** Waiting polls read again by one query at most. */
  static final int READ_BATCH = 1_000;

  @Inject EventWakeups wakeups;
  @Inject RealtimeQueues queues;

  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;

  private final Set<Waiter> waiting = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean reading = new AtomicBoolean();
  private final AtomicBoolean dirty = new AtomicBoolean();
  private EventWakeups.Subscription subscription;
  private ScheduledFuture<?> tick;

  /** A suspended poll. */
  private record Waiter(
      RealtimeQueues.Poll poll,
      int limit,
      long deadlineNanos,
      AsyncResponse async,
      Function<RealtimeQueues.Poll, Object> answer) {}

  @PostConstruct
  void start() {
    subscription = wakeups.subscribeAll((stream, sequence) -> wake());
    tick =
        scheduler.scheduleWithFixedDelay(
            () -> {
              expire();
              wake();
            },
            1,
            1,
            TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    if (subscription != null) {
      subscription.close();
    }
    if (tick != null) {
      tick.cancel(false);
    }
  }

  /**
   * Waits for the queue's next events after {@code poll}'s cursor, at most {@code timeoutSeconds};
   * then resumes {@code async} with {@code answer} of what was found (the same cursor and no event
   * when the time ran out).
   */
  void await(
      RealtimeQueues.Poll poll,
      int limit,
      int timeoutSeconds,
      AsyncResponse async,
      Function<RealtimeQueues.Poll, Object> answer) {
    Waiter w =
        new Waiter(
            poll,
            limit,
            System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds),
            async,
            answer);
    waiting.add(w);
    async.register((jakarta.ws.rs.container.ConnectionCallback) gone -> waiting.remove(w));
    wake();
  }

  /** Polls waiting now. */
  public int waiting() {
    return waiting.size();
  }

  private void wake() {
    if (waiting.isEmpty()) {
      return;
    }
    dirty.set(true);
    if (reading.compareAndSet(false, true)) {
      try {
        executor.execute(this::read);
      } catch (RuntimeException e) {
        reading.set(false);
        LOG.log(Level.WARNING, "Could not start the long-poll reader; trying at the next tick", e);
      }
    }
  }

  private void read() {
    try {
      while (dirty.getAndSet(false)) {
        List<Waiter> now = List.copyOf(waiting);
        Set<UUID> ready = ready(now);
        List<Waiter> due = new ArrayList<>();
        for (Waiter w : now) {
          if (ready == null || ready.contains(w.poll().orgId())) {
            due.add(w);
          }
        }
        for (int from = 0; from < due.size(); from += READ_BATCH) {
          serve(due.subList(from, Math.min(due.size(), from + READ_BATCH)));
        }
      }
    } finally {
      reading.set(false);
      if (dirty.get()) {
        wake();
      }
    }
  }

  /**
   * Answers the polls whose time is up, empty and with their cursor, without reading: when
   * thousands wait, a reader pass can take longer than a second, and a poll answered late runs into
   * the client's and the proxies' timeouts. An empty answer loses nothing: the next poll, from the
   * same cursor, gets what came meanwhile.
   */
  private void expire() {
    long now = System.nanoTime();
    for (Waiter w : List.copyOf(waiting)) {
      if (now >= w.deadlineNanos() && waiting.remove(w)) {
        resume(w, w.poll());
      }
    }
  }

  /**
   * The organizations of these waiters that have something for a poll now (one query for all), or
   * null when that could not be learnt: then every waiter is polled again.
   */
  private Set<UUID> ready(List<Waiter> now) {
    if (now.isEmpty()) {
      return Set.of();
    }
    try {
      return queues.orgsWithEvents(now.stream().map(Waiter::poll).toList());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not learn which long polls have events; polling each", e);
      return null;
    }
  }

  /**
   * Reads the waiters' queues again in one query and answers those that have events now. A second
   * waiting poll of the same queue, and every waiter when the query failed, is polled alone. A
   * waiter whose queue was deleted meanwhile finds nothing here and is answered empty at its
   * timeout; its next poll gets 404.
   */
  private void serve(List<Waiter> batch) {
    Map<UUID, Waiter> byQueue = new HashMap<>();
    List<Waiter> alone = new ArrayList<>();
    for (Waiter w : batch) {
      if (w.async().isDone() || w.async().isCancelled()) {
        waiting.remove(w);
      } else if (byQueue.putIfAbsent(w.poll().queueId(), w) != null) {
        alone.add(w);
      }
    }
    Map<UUID, RealtimeQueues.Poll> found;
    try {
      int limit = byQueue.values().stream().mapToInt(Waiter::limit).max().orElse(1);
      found = queues.pollAgainEach(byQueue.values().stream().map(Waiter::poll).toList(), limit);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Reading waiting long polls together failed; reading each", e);
      found = null;
    }
    for (Waiter w : byQueue.values()) {
      RealtimeQueues.Poll again = found == null ? null : found.get(w.poll().queueId());
      if (again == null) {
        if (found == null) {
          serve(w);
        }
        continue;
      }
      if (waiting.remove(w)) {
        resume(w, trimmed(again, w.limit()));
      }
    }
    alone.forEach(this::serve);
  }

  private static RealtimeQueues.Poll trimmed(RealtimeQueues.Poll poll, int limit) {
    if (poll.events().size() <= limit) {
      return poll;
    }
    List<RealtimeQueues.QueuedEvent> first = poll.events().subList(0, limit);
    return new RealtimeQueues.Poll(
        poll.queueId(),
        poll.orgId(),
        poll.userId(),
        List.copyOf(first),
        first.get(first.size() - 1).cursor());
  }

  private void serve(Waiter w) {
    if (w.async().isDone() || w.async().isCancelled()) {
      waiting.remove(w);
      return;
    }
    try {
      RealtimeQueues.Poll again = queues.pollAgain(w.poll(), w.limit());
      if ((!again.events().isEmpty() || System.nanoTime() >= w.deadlineNanos())
          && waiting.remove(w)) {
        resume(w, again);
      }
    } catch (RuntimeException e) {
      if (waiting.remove(w)) {
        w.async().resume(e);
      }
    }
  }

  private static void resume(Waiter w, RealtimeQueues.Poll poll) {
    try {
      w.async().resume(w.answer().apply(poll));
    } catch (RuntimeException e) {
      w.async().resume(e);
    }
  }
}
