package dev.mainspring.run.api;

import dev.mainspring.conversation.service.MessageService;
import dev.mainspring.conversation.service.MessageView;
import dev.mainspring.identity.api.CallerScope;
import dev.mainspring.identity.service.Caller;
import dev.mainspring.realtime.service.EventLog;
import dev.mainspring.realtime.service.EventWakeups;
import dev.mainspring.realtime.service.StoredEvent;
import dev.mainspring.realtime.service.Streams;
import dev.mainspring.run.service.RunEvent;
import dev.mainspring.run.service.RunService;
import dev.mainspring.run.service.RunView;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ConnectionCallback;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits, holding no thread, for runs to end: a suspended request is resumed when its run's stream
 * has its last event ({@code control}; appended by whichever instance executes the run, told by
 * {@link EventWakeups}) or when its time is up, with the run and its thread's messages read then.
 */
@ApplicationScoped
public class RunEndings {

  private static final Logger LOG = Logger.getLogger(RunEndings.class.getName());

  @Inject EventWakeups wakeups;
  @Inject EventLog eventLog;
  @Inject CallerScope scope;
  @Inject RunService runs;
  @Inject MessageService messages;

  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;

  /**
   * A run as it was when the wait ended.
   *
   * @param finished whether the run had ended (false: the time ran out first)
   * @param messages the run's thread's messages then, oldest first
   */
  public record Ended(RunView run, List<MessageView> messages, boolean finished) {}

  /**
   * Resumes {@code async} with {@code answer} of the run once it has ended, or after {@code
   * timeoutSeconds} as it is then.
   */
  public void await(
      Caller caller,
      RunView run,
      int timeoutSeconds,
      AsyncResponse async,
      Function<Ended, Response> answer) {
    Waiter w = new Waiter(caller, run, async, answer);
    // subscribe before the first read: an ending committed in between then wakes the waiter
    w.subscription = wakeups.subscribe(Streams.run(run.id()), (stream, sequence) -> w.check());
    w.timeout = scheduler.schedule(() -> w.finish(false), timeoutSeconds, TimeUnit.SECONDS);
    async.register((ConnectionCallback) gone -> w.close());
    w.check();
  }

  private final class Waiter {
    final Caller caller;
    final UUID orgId;
    final RunView run;
    final AsyncResponse async;
    final Function<Ended, Response> answer;
    final AtomicBoolean done = new AtomicBoolean();
    final AtomicBoolean reading = new AtomicBoolean();
    final AtomicBoolean dirty = new AtomicBoolean();
    volatile long seen;
    volatile EventWakeups.Subscription subscription;
    volatile ScheduledFuture<?> timeout;

    Waiter(Caller caller, RunView run, AsyncResponse async, Function<Ended, Response> answer) {
      this.caller = caller;
      this.orgId = caller.requireOrg();
      this.run = run;
      this.async = async;
      this.answer = answer;
    }

    void check() {
      if (done.get()) {
        return;
      }
      dirty.set(true);
      if (reading.compareAndSet(false, true)) {
        try {
          executor.execute(this::read);
        } catch (RejectedExecutionException e) {
          reading.set(false);
          LOG.log(Level.WARNING, "Could not check run " + run.id() + " for its end", e);
        }
      }
    }

    private void read() {
      try {
        while (dirty.getAndSet(false) && !done.get()) {
          List<StoredEvent> events;
          do {
            events = eventLog.readAfter(orgId, Streams.run(run.id()), seen, 500);
            for (StoredEvent e : events) {
              seen = e.sequence();
              if (RunEvent.CONTROL.equals(e.type())) {
                finish(true);
                return;
              }
            }
          } while (events.size() == 500);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Reading run " + run.id() + " for its end failed", e);
      } finally {
        reading.set(false);
        if (dirty.get() && !done.get()) {
          check();
        }
      }
    }

    void finish(boolean finished) {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      close();
      try {
        Ended ended =
            scope.as(
                caller,
                () ->
                    new Ended(
                        runs.get(run.id()), messages.history(orgId, run.threadId()), finished));
        async.resume(answer.apply(ended));
      } catch (RuntimeException e) {
        async.resume(e);
      }
    }

    void close() {
      done.set(true);
      EventWakeups.Subscription s = subscription;
      if (s != null) {
        s.close();
      }
      ScheduledFuture<?> t = timeout;
      if (t != null) {
        t.cancel(false);
      }
    }
  }
}
