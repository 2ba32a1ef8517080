package dev.mainspring.realtime.api;

import dev.mainspring.realtime.service.EventWakeups;
import dev.mainspring.realtime.service.StoredEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Relays a stream of the event log to HTTP clients as Server-Sent Events: what comes after the
 * client's sequence first, then, live, what is appended, in order, each event once.
 *
 * <p>No thread waits for a client. A response is written with the servlet's non-blocking output
 * ({@link WriteListener}); the relay learns of new events from {@link EventWakeups} (PostgreSQL
 * {@code LISTEN}, so appends of every instance count) and has them read by the {@link StreamReader}
 * shared with the Socket.IO door, which reads all of an organization's woken streams in one query.
 * A client's sequence is only advanced by that reader, which is what keeps events in order and
 * unique per client.
 *
 * <p>Memory is bounded per client: frames that the connection cannot take yet wait in a queue, and
 * a client whose queue passes {@code mainspring.streams.max-buffered-bytes} (default 256 KiB), or
 * whose connection took nothing for {@code mainspring.streams.stall-seconds} (default 30) while
 * frames wait, is cut off (its connection is closed at once, see {@link GrizzlyConnections}); it
 * resumes with {@code Last-Event-ID}. A client with more than half of that waiting is not read for
 * until its connection drains, so a long replay does not sit in memory either. Heartbeats go to
 * clients silent for their heartbeat interval; a write that fails (the client went away) ends the
 * stream and its subscription.
 *
 * <pre>{@code
 * @GET @Path("stream") @Produces("text/event-stream")
 * public void stream(@Suspended AsyncResponse async, @Context HttpServletRequest request, ...) {
 *   StreamRef ref = service.checkReadable(id);          // 404/403 as for any read
 *   relay.open(request, RelayRequest.of(ref.orgId(), ref.stream(), after,
 *       RelayRequest::standardFrame, Duration.ofSeconds(15)));
 * }
 * }</pre>
 */
@ApplicationScoped
public class SseRelay {

  private static final Logger LOG = Logger.getLogger(SseRelay.class.getName());
  private static final byte[] OPENING = ": stream\n\n".getBytes(StandardCharsets.UTF_8);

  @Inject EventWakeups wakeups;
  @Inject StreamReader reader;

  @Resource ManagedScheduledExecutorService scheduler;

  @Inject
  @ConfigProperty(name = "mainspring.streams.max-buffered-bytes", defaultValue = "262144")
  int maxBufferedBytes;

  @Inject
  @ConfigProperty(name = "mainspring.streams.stall-seconds", defaultValue = "30")
  long stallSeconds;

  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final AtomicLong cutOff = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private volatile ScheduledFuture<?> heartbeats;

  @PostConstruct
  void start() {
    if (maxBufferedBytes < 1024) {
      throw new IllegalStateException("mainspring.streams.max-buffered-bytes must be 1024 or more");
    }
    if (stallSeconds < 1) {
      throw new IllegalStateException("mainspring.streams.stall-seconds must be 1 or more");
    }
    heartbeats = scheduler.scheduleWithFixedDelay(this::heartbeat, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    ScheduledFuture<?> h = heartbeats;
    if (h != null) {
      h.cancel(false);
    }
    for (Client c : clients) {
      c.close();
    }
  }

  /**
   * Turns the request into an event stream: answers 200 {@code text/event-stream} with {@code
   * Cache-Control: no-cache} and {@code X-Accel-Buffering: no}, then relays {@code what}. Returns
   * at once; the response goes on asynchronously. Call it from a JAX-RS method that suspended the
   * request ({@code @Suspended AsyncResponse}, never resumed) after every check that may refuse the
   * request has passed, or from a servlet.
   */
  public void open(HttpServletRequest request, RelayRequest what) {
    AsyncContext async =
        request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync();
    async.setTimeout(0);
    HttpServletResponse response = (HttpServletResponse) async.getResponse();
    response.setStatus(200);
    response.setContentType("text/event-stream;charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    ServletOutputStream out;
    try {
      out = response.getOutputStream();
    } catch (IOException e) {
      async.complete();
      return;
    }
    // the server's own queue for this connection: at most as much as the relay's own
    GrizzlyConnections.limitQueue(response, maxBufferedBytes);
    Client client = new Client(what, async, out);
    async.addListener(client);
    clients.add(client);
    // subscribe before the first read: an event committed in between then wakes the client
    client.subscription = wakeups.subscribe(what.stream(), client);
    client.enqueue(OPENING);
    out.setWriteListener(client);
    wake(client);
  }

  /** Clients connected now. */
  public int clients() {
    return clients.size();
  }

  /** Clients cut off because they read too slowly, since the start. */
  public long cutOff() {
    return cutOff.get();
  }

  /** Event frames handed to connections since the start. */
  public long sent() {
    return sent.get();
  }

  /** Bytes waiting for slow connections now, over every client. */
  public long bufferedBytes() {
    long total = 0;
    for (Client c : clients) {
      total += c.queuedBytes;
    }
    return total;
  }

  private void wake(Client client) {
    reader.wake(client);
  }

  private void deliver(Client c, List<StoredEvent> events) {
    for (StoredEvent e : events) {
      if (c.closed || c.finishing) {
        return;
      }
      if (e.sequence() <= c.lastSequence) {
        continue;
      }
      c.lastSequence = e.sequence();
      String frame;
      try {
        frame = c.what.format().apply(e);
      } catch (RuntimeException failure) {
        LOG.log(
            Level.WARNING,
            "Formatting event " + e.sequence() + " of " + e.stream() + " failed",
            failure);
        c.close();
        return;
      }
      sent.incrementAndGet();
      boolean last = c.what.terminal().test(e);
      c.enqueue(frame.getBytes(StandardCharsets.UTF_8));
      if (last) {
        if (c.what.closingFrame() != null) {
          c.enqueue(c.what.closingFrame().getBytes(StandardCharsets.UTF_8));
        }
        c.finish();
        return;
      }
    }
  }

  /**
   * Heartbeats for silent clients; cut-off for clients whose connection took nothing for {@code
   * mainspring.streams.stall-seconds} while frames wait; without wake-ups, also a read of every
   * stream.
   */
  private void heartbeat() {
    try {
      long now = System.nanoTime();
      long stall = TimeUnit.SECONDS.toNanos(stallSeconds);
      boolean poll = !wakeups.listening();
      for (Client c : clients) {
        if (c.queuedBytes > 0 && now - c.lastProgress > stall) {
          cutOff.incrementAndGet();
          c.close(true);
          continue;
        }
        if (now - c.lastWrite >= c.heartbeatNanos) {
          c.enqueue(c.heartbeatFrame);
          if (poll) {
            wake(c);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Heartbeats failed", e);
    }
  }

  /** One client's stream. Its output is touched only under its own monitor. */
  final class Client extends StreamReader.Follower
      implements EventWakeups.Listener, WriteListener, AsyncListener {

    final RelayRequest what;
    final AsyncContext async;
    final ServletOutputStream out;
    final long heartbeatNanos;
    final byte[] heartbeatFrame;
    final ArrayDeque<byte[]> pending = new ArrayDeque<>(4);
    volatile EventWakeups.Subscription subscription;

    /** Only the reader task reads and writes it. */
    long lastSequence;

    volatile int queuedBytes;
    volatile long lastWrite = System.nanoTime();

    /** When the connection last took bytes, or had nothing waiting. */
    volatile long lastProgress = System.nanoTime();

    volatile boolean closed;
    volatile boolean finishing;
    volatile boolean backlogged;

    /** False until the container first calls onWritePossible: no write before that. */
    private boolean writable;

    Client(RelayRequest what, AsyncContext async, ServletOutputStream out) {
      this.what = what;
      this.async = async;
      this.out = out;
      this.lastSequence = what.afterSequence();
      this.heartbeatNanos = what.heartbeat().toNanos();
      this.heartbeatFrame = what.heartbeatFrame().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected UUID orgId() {
      return what.orgId();
    }

    @Override
    protected String stream() {
      return what.stream();
    }

    @Override
    protected long lastSequence() {
      return lastSequence;
    }

    @Override
    protected boolean ended() {
      return closed || finishing;
    }

    /** Not while more than half of what a client may have waiting waits. */
    @Override
    protected boolean ready() {
      if (queuedBytes <= maxBufferedBytes / 2) {
        return true;
      }
      // read again once the connection has taken what waits (onWritePossible)
      backlogged = true;
      if (queuedBytes <= maxBufferedBytes / 2) {
        // it drained between the check and the flag: onWritePossible may have missed the flag
        backlogged = false;
        return true;
      }
      return false;
    }

    @Override
    protected void take(List<StoredEvent> events) {
      deliver(this, events);
    }

    @Override
    public void wake(String stream, long sequence) {
      if (sequence == EventWakeups.ANY_SEQUENCE || sequence > lastSequence) {
        SseRelay.this.wake(this);
      }
    }

    synchronized void enqueue(byte[] frame) {
      if (closed) {
        return;
      }
      lastWrite = System.nanoTime();
      if (pending.isEmpty()) {
        lastProgress = lastWrite; // the stall clock starts when frames begin to wait
      }
      pending.add(frame);
      queuedBytes += frame.length;
      if (queuedBytes > maxBufferedBytes) {
        cutOff.incrementAndGet();
        LOG.fine(() -> "Cut off a client of " + what.stream() + " that reads too slowly");
        close(true);
        return;
      }
      flush();
    }

    /** Marks the stream complete once what waits is written. */
    synchronized void finish() {
      finishing = true;
      flush();
    }

    /** Writes what waits while the connection takes it; the container calls back when it can. */
    private void flush() {
      if (!writable || closed) {
        return;
      }
      try {
        boolean wrote = false;
        while (!pending.isEmpty()) {
          if (!out.isReady()) {
            return;
          }
          byte[] frame = pending.poll();
          queuedBytes -= frame.length;
          out.write(frame);
          wrote = true;
          lastProgress = System.nanoTime();
        }
        if (wrote && out.isReady()) {
          out.flush();
        }
        if (finishing && pending.isEmpty()) {
          close();
        }
      } catch (IOException | RuntimeException e) {
        close();
      }
    }

    @Override
    public void onWritePossible() {
      synchronized (this) {
        writable = true;
        flush();
      }
      if (backlogged && queuedBytes <= maxBufferedBytes / 2) {
        backlogged = false;
        SseRelay.this.wake(this);
      }
    }

    @Override
    public void onError(Throwable t) {
      close();
    }

    /** Ends the stream: no more reads, writes or wake-ups for it. Idempotent. */
    void close() {
      close(false);
    }

    /**
     * Ends the stream; with {@code abort}, closes the connection at once too, dropping what the
     * server still queues for it (see {@link GrizzlyConnections}).
     */
    void close(boolean abort) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        pending.clear();
        queuedBytes = 0;
      }
      EventWakeups.Subscription s = subscription;
      if (s != null) {
        s.close();
      }
      clients.remove(this);
      if (abort) {
        GrizzlyConnections.abort(async.getResponse());
      }
      try {
        async.complete();
      } catch (RuntimeException alreadyOver) {
        // the container ended the request already
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      close();
    }

    @Override
    public void onError(AsyncEvent event) {
      close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // the relay starts the request's async mode once
    }
  }
}
