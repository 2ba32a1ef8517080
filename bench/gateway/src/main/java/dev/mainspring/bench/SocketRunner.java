package dev.mainspring.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The default load generator: open loop like {@link OpenLoopRunner}, but on plain sockets. Each
 * connection has a thread that writes the request's prepared bytes and reads the answer (a length
 * or chunked body); a planned request goes to the most recently idle connection, or to a new one
 * when all are busy, so there are as many connections as requests in flight, up to a cap. Beyond
 * the cap a request waits in the generator for the next free connection, and that wait counts in
 * its latency (measured from its planned time): when the server stalls, the requests it owes pile
 * up here rather than as thousands of connections and threads that would slow the machine and the
 * server further. It reads a stream's chunks as they come, noting the first {@code data:} line. Per
 * request it costs the machine a fraction of what {@code java.net.http} costs, which matters when
 * generator, stub and server share two cores.
 */
final class SocketRunner implements Runner {

  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final Duration timeout;
  private final int maxConnections;
  private final Map<URI, Pool> pools = new ConcurrentHashMap<>();

  SocketRunner(Duration timeout, int maxConnections) {
    this.timeout = timeout;
    this.maxConnections = maxConnections;
  }

  @Override
  public StepResult run(Endpoint endpoint, Mode mode, int rate, Duration warmup, Duration measured)
      throws InterruptedException {
    Pool pool = pools.computeIfAbsent(endpoint.chatCompletions(), Pool::new);
    byte[] request = endpoint.rawRequest(mode);
    int warm = (int) (rate * warmup.toMillis() / 1000);
    int total = warm + (int) (rate * measured.toMillis() / 1000);
    List<Call> calls = new ArrayList<>(total);
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    long maxLag = 0;
    for (int i = 0; i < total; i++) {
      long planned = start + i * 1_000_000_000L / rate;
      for (long left = planned - System.nanoTime(); left > 0; left = planned - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      maxLag = Math.max(maxLag, System.nanoTime() - planned);
      Call call = new Call(planned, mode.streamed());
      calls.add(call);
      pool.dispatch(new Work(call, request));
    }
    long deadline = System.nanoTime() + timeout.plus(GRACE).toNanos();
    for (Call call : calls) {
      while (!call.finished() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
    if (calls.stream().anyMatch(call -> !call.finished())) {
      pool.abort(); // the unfinished ones count as such
    }
    List<Call> recorded = calls.subList(warm, total);
    long windowStart = recorded.isEmpty() ? start : recorded.get(0).plannedNanos();
    return StepResult.of(rate, recorded, windowStart, maxLag / 1e6);
  }

  /** A planned request and the bytes that make it. */
  private record Work(Call call, byte[] request) {}

  /** The connections to one target, the idle ones most recently used first, and the backlog. */
  private final class Pool {

    private final URI target;
    private final List<Connection> all = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<Work> backlog = new ConcurrentLinkedQueue<>();

    Pool(URI target) {
      this.target = target;
    }

    void dispatch(Work work) {
      Connection connection = idle.pollFirst();
      if (connection == null && all.size() < maxConnections) {
        connection = new Connection(this);
        all.add(connection);
      }
      if (connection != null) {
        connection.assign(work);
        return;
      }
      backlog.add(work);
      // a connection may have gone idle after finding the backlog empty
      Connection late = idle.pollFirst();
      if (late != null) {
        Work first = backlog.poll();
        if (first != null) {
          late.assign(first);
        } else {
          idle.addFirst(late);
        }
      }
    }

    /** The next waiting request for a connection that just finished one, or null. */
    Work next(Connection finished) {
      Work waiting = backlog.poll();
      if (waiting != null) {
        return waiting;
      }
      idle.addFirst(finished);
      // a request may have joined the backlog after the poll above: take it back if still idle
      if (!backlog.isEmpty() && idle.remove(finished)) {
        waiting = backlog.poll();
        if (waiting != null) {
          return waiting;
        }
        idle.addFirst(finished);
      }
      return null;
    }

    void abort() {
      backlog.clear();
      all.forEach(Connection::abort);
    }
  }

  /** One keep-alive connection and the thread that uses it. */
  private final class Connection {

    private final Pool pool;
    private final BlockingQueue<Work> work = new ArrayBlockingQueue<>(1);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsed;

    Connection(Pool pool) {
      this.pool = pool;
      Thread thread = new Thread(this::loop, "bench-connection");
      thread.setDaemon(true);
      thread.start();
    }

    void assign(Work next) {
      work.add(next);
    }

    synchronized void abort() {
      close();
    }

    private void loop() {
      while (true) {
        Work next;
        try {
          next = work.take();
        } catch (InterruptedException e) {
          return;
        }
        while (next != null) {
          next.call().end(exchange(next.call(), next.request()));
          lastUsed = System.nanoTime();
          next = pool.next(this);
        }
      }
    }

    /** One request and its answer; the reason it failed, or null. */
    private String exchange(Call call, byte[] request) {
      try {
        synchronized (this) {
          if (socket != null && System.nanoTime() - lastUsed > STALE_NANOS) {
            close(); // the server may have closed an idle keep-alive connection
          }
          if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(
                new InetSocketAddress(pool.target.getHost(), pool.target.getPort()),
                (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
          }
        }
        out.write(request);
        out.flush();
        if (!readResponse(call)) {
          close();
        }
        return null;
      } catch (SocketTimeoutException e) {
        close();
        return "timeout";
      } catch (IOException | RuntimeException e) {
        close();
        return e.getClass().getSimpleName();
      }
    }

    /** Reads one answer into the call; false when the connection cannot be used again. */
    private boolean readResponse(Call call) throws IOException {
      String statusLine = HttpWire.readLine(in);
      if (statusLine == null) {
        throw new IOException("the server closed the connection");
      }
      call.responded(Integer.parseInt(statusLine.split(" ")[1]));
      Map<String, String> headers = HttpWire.readHeaders(in);
      boolean streamed = call.streamedCall();
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      boolean reusable = !"close".equalsIgnoreCase(headers.get("connection"));
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        for (String size = HttpWire.readLine(in); ; size = HttpWire.readLine(in)) {
          int semicolon = size.indexOf(';');
          int length = Integer.parseInt(semicolon < 0 ? size : size.substring(0, semicolon), 16);
          if (length == 0) {
            HttpWire.readHeaders(in); // trailer, up to the blank line
            break;
          }
          byte[] data = HttpWire.readExactly(in, length);
          HttpWire.readLine(in);
          take(call, streamed, data, whole);
        }
      } else if (headers.containsKey("content-length")) {
        take(
            call,
            streamed,
            HttpWire.readExactly(in, Integer.parseInt(headers.get("content-length"))),
            whole);
      } else {
        take(call, streamed, in.readAllBytes(), whole);
        reusable = false;
      }
      if (!streamed) {
        call.wholeBody(whole.toString(StandardCharsets.UTF_8));
      }
      return reusable;
    }

    private void take(Call call, boolean streamed, byte[] data, ByteArrayOutputStream whole) {
      if (streamed) {
        call.streamText(new String(data, StandardCharsets.UTF_8));
      } else {
        whole.writeBytes(data);
      }
    }

    private synchronized void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
      socket = null;
    }
  }
}
