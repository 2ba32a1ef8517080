package dev.mainspring.realtime.service;

import dev.mainspring.realtime.model.EventChannelRepository;
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
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Tells this instance's live readers that a stream has new events, whichever instance appended
 * them: one PostgreSQL connection per instance listens on the channel {@link EventLog#append}
 * notifies at commit ({@code "<stream> <sequence>"}), and one background thread hands each
 * notification to the listeners of its stream. A wake-up carries no event: a listener reads the
 * stream from the table ({@link EventLog#readAfter}, {@link EventLog#readAfterEach}), so a
 * notification lost while the connection was down loses nothing.
 *
 * <p>The connection is opened with {@code DB_URL}, {@code DB_USER} and {@code DB_PASSWORD} (the
 * application role, as the server's pool {@code jdbc/mainspring}), outside the pools. When it
 * breaks, the thread opens it again with a growing pause (0.5 s doubling up to 30 s) and, once it
 * listens again, wakes every listener with {@link #ANY_SEQUENCE}: they read what they missed.
 *
 * <pre>{@code
 * EventWakeups.Subscription s = wakeups.subscribe("run:" + runId, (stream, seq) -> markDirty());
 * ...
 * s.close();
 * }</pre>
 */
@Startup
@Singleton
@DependsOn("SchemaMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventWakeups {

  /** The sequence a wake-up carries when this instance may have missed notifications. */
  public static final long ANY_SEQUENCE = -1;

  /** Told that a stream may have new events; must return quickly and never block. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param stream the stream that has a new event
     * @param sequence the new event's sequence, or {@link #ANY_SEQUENCE} after a reconnect
     */
    void wake(String stream, long sequence);
  }

  /** A listener's registration; closing it removes the listener. Idempotent. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private static final Logger LOG = Logger.getLogger(EventWakeups.class.getName());
  private static final int POLL_MILLIS = 500;
  private static final long PING_NANOS = 30_000_000_000L;
  private static final long MIN_BACKOFF_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 30_000;
  private static final Listener[] NONE = new Listener[0];

  @Resource ManagedThreadFactory threadFactory;

  @Inject
  @ConfigProperty(name = "DB_URL")
  Optional<String> dbUrl;

  @Inject
  @ConfigProperty(name = "DB_USER")
  Optional<String> dbUser;

  @Inject
  @ConfigProperty(name = "DB_PASSWORD")
  Optional<String> dbPassword;

  /**
   * Listeners by stream: an array per stream, copied on change. Registration and removal cost one
   * map operation and a copy of that stream's (usually one-element) array, at any number of
   * streams.
   */
  private final ConcurrentHashMap<String, Listener[]> listeners = new ConcurrentHashMap<>();

  /** Listeners of every stream (long polls of whole organizations), copied on change. */
  private final java.util.concurrent.CopyOnWriteArrayList<Listener> everyStream =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private final AtomicLong notifications = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean running;
  private volatile boolean listening;
  private volatile Thread thread;
  private volatile EventChannelRepository channel;

  @PostConstruct
  void start() {
    if (dbUrl.isEmpty() || dbUrl.get().isBlank()) {
      LOG.warning(
          "DB_URL is not set: live streams get no wake-ups from other instances and read their"
              + " streams at each heartbeat only");
      return;
    }
    running = true;
    Thread t = threadFactory.newThread(this::run);
    t.setName("mainspring-event-wakeups");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @PreDestroy
  void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
    EventChannelRepository c = channel;
    if (c != null) {
      c.close();
    }
  }

  /**
   * Registers {@code listener} for wake-ups of {@code stream} until the subscription is closed.
   * Register before reading the stream: an event committed between the read and the registration
   * would otherwise wake nobody.
   */
  public Subscription subscribe(String stream, Listener listener) {
    Streams.checkName(stream);
    Objects.requireNonNull(listener, "listener");
    listeners.merge(stream, new Listener[] {listener}, EventWakeups::concat);
    return new Subscription() {
      private volatile boolean closed;

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          listeners.computeIfPresent(stream, (s, current) -> without(current, listener));
        }
      }
    };
  }

  /**
   * Registers {@code listener} for wake-ups of every stream, until the subscription is closed: for
   * readers of a whole organization's events, which filter themselves.
   */
  public Subscription subscribeAll(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    everyStream.add(listener);
    return () -> everyStream.remove(listener);
  }

  /** Whether the listening connection is up now. */
  public boolean listening() {
    return listening;
  }

  /** Streams with at least one listener on this instance. */
  public int streams() {
    return listeners.size();
  }

  /** Notifications received since the start. */
  public long notifications() {
    return notifications.get();
  }

  /** Times the listening connection was opened again after it broke. */
  public long reconnects() {
    return reconnects.get();
  }

  private static Listener[] concat(Listener[] current, Listener[] added) {
    Listener[] joined = Arrays.copyOf(current, current.length + added.length);
    System.arraycopy(added, 0, joined, current.length, added.length);
    return joined;
  }

  /** The array without {@code listener}, or null (removing the entry) when none is left. */
  private static Listener[] without(Listener[] current, Listener listener) {
    int at = -1;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == listener) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      return current;
    }
    if (current.length == 1) {
      return null;
    }
    Listener[] rest = new Listener[current.length - 1];
    System.arraycopy(current, 0, rest, 0, at);
    System.arraycopy(current, at + 1, rest, at, current.length - at - 1);
    return rest;
  }

  private void run() {
    long backoff = MIN_BACKOFF_MILLIS;
    boolean first = true;
    while (running) {
      try (EventChannelRepository c =
          EventChannelRepository.listen(
              dbUrl.get(), dbUser.orElse(""), dbPassword.orElse(""), 10)) {
        channel = c;
        listening = true;
        if (!first) {
          reconnects.incrementAndGet();
          LOG.info("Listening for events again; waking every live stream to read what it missed");
        }
        // also on the first connection: a reader that subscribed before it may have missed events
        wakeEveryone();
        first = false;
        backoff = MIN_BACKOFF_MILLIS;
        listen(c);
      } catch (SQLException | RuntimeException e) {
        if (running) {
          LOG.log(
              first ? Level.WARNING : Level.INFO,
              "The event listening connection failed; trying again in " + backoff + " ms",
              e);
        }
      } finally {
        listening = false;
        channel = null;
      }
      if (!running) {
        return;
      }
      first = false;
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      }
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  private void listen(EventChannelRepository c) throws SQLException {
    long lastHeard = System.nanoTime();
    while (running) {
      List<String> payloads = c.poll(POLL_MILLIS);
      long now = System.nanoTime();
      if (payloads.isEmpty()) {
        if (now - lastHeard > PING_NANOS) {
          c.ping();
          lastHeard = now;
        }
        continue;
      }
      lastHeard = now;
      notifications.addAndGet(payloads.size());
      for (String payload : payloads) {
        dispatch(payload);
      }
    }
  }

  /** Hands one notification payload ({@code "<stream> <sequence>"}) to its stream's listeners. */
  void dispatch(String payload) {
    int space = payload.lastIndexOf(' ');
    if (space <= 0) {
      return;
    }
    String stream = payload.substring(0, space);
    Listener[] targets = listeners.getOrDefault(stream, NONE);
    if (targets.length == 0 && everyStream.isEmpty()) {
      return;
    }
    long sequence;
    try {
      sequence = Long.parseLong(payload.substring(space + 1));
    } catch (NumberFormatException e) {
      sequence = ANY_SEQUENCE;
    }
    for (Listener l : targets) {
      wake(l, stream, sequence);
    }
    for (Listener l : everyStream) {
      wake(l, stream, sequence);
    }
  }

  void wakeEveryone() {
    for (Listener l : everyStream) {
      wake(l, "*", ANY_SEQUENCE);
    }
    listeners.forEach(
        (stream, targets) -> {
          for (Listener l : targets) {
            wake(l, stream, ANY_SEQUENCE);
          }
        });
  }

  private static void wake(Listener l, String stream, long sequence) {
    try {
      l.wake(stream, sequence);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "A wake-up listener of " + stream + " failed", e);
    }
  }
}
