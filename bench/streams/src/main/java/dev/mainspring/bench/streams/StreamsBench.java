package dev.mainspring.bench.streams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens N concurrent SSE streams ({@code GET /api/threads/{id}/messages/stream}) on one Mainspring
 * instance and publishes one event per stream per second, at 1,000, 5,000 and 10,000 streams by
 * default. Reports the streams held, errors (a status other than 200, a stream that ended or broke,
 * an event out of order or missing), the server's heap per stream and the latency from an event's
 * commit to its arrival (p50, p99, max).
 *
 * <p>Events are published by this process with SQL as the schema owner, exactly as {@code
 * EventLog.append} writes them (the stream's counter, the event row, {@code pg_notify} at commit),
 * many streams per transaction: each transaction appends the events due in a 20 ms tick, and the
 * payload carries the time just before its commit ({@code t}, microseconds since the epoch). The
 * server's REST API would spend the machine's two cores on 10,000 message posts a second instead of
 * on the streams being measured. The clients are one NIO selector thread with plain HTTP/1.1.
 *
 * <pre>
 * StreamsBench --url http://127.0.0.1:PORT/ --db-url jdbc:postgresql://localhost:P/mainspring
 *     --db-user postgres --server-pid PID [--levels 1000,5000,10000] [--warmup 10] [--duration 60]
 * </pre>
 */
public final class StreamsBench {

  private static final int BUCKETS = 200_000; // 0.1 ms each: up to 20 s

  private final URI base;
  private final String dbUrl;
  private final String dbUser;
  private final String dbPassword;
  private final long serverPid;
  private final int[] levels;
  private final int warmupSeconds;
  private final int durationSeconds;
  private final Path out;

  private final List<Conn> conns = new ArrayList<>();
  private final Queue<Conn> toOpen = new ConcurrentLinkedQueue<>();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
  private final List<String> errorSamples = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile long measureFromMicros = Long.MAX_VALUE;
  private volatile long measureToMicros = Long.MAX_VALUE;
  private Selector selector;
  private String token;
  private String orgId;
  private String host;
  private int port;

  private StreamsBench(Map<String, String> options) {
    base = URI.create(options.getOrDefault("url", "http://127.0.0.1:8000/"));
    dbUrl = options.get("db-url");
    dbUser = options.getOrDefault("db-user", "postgres");
    dbPassword = options.getOrDefault("db-password", "");
    serverPid = Long.parseLong(options.getOrDefault("server-pid", "0"));
    levels =
        Arrays.stream(options.getOrDefault("levels", "1000,5000,10000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    warmupSeconds = Integer.parseInt(options.getOrDefault("warmup", "10"));
    durationSeconds = Integer.parseInt(options.getOrDefault("duration", "60"));
    out = Path.of(options.getOrDefault("out", "streams-report.md"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    new StreamsBench(options).run();
  }

  private void run() throws Exception {
    host = base.getHost();
    port = base.getPort();
    account();
    int most = Arrays.stream(levels).max().orElse(0);
    List<String> threads = threads(most);
    for (String thread : threads) {
      conns.add(new Conn(thread));
    }
    selector = Selector.open();
    Thread io = new Thread(this::loop, "sse-clients");
    io.setDaemon(true);
    io.start();

    long baseline = heapUsedBytes();
    log("baseline heap after GC: " + mb(baseline));
    StringBuilder report = new StringBuilder();
    report.append(
        "| streams | held | errors | events received (measured) | expected | p50 ms | p99 ms |"
            + " max ms | heap/stream KB |\n");
    report.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    int open = 0;
    try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
      for (int level : levels) {
        log("opening streams " + open + " .. " + level);
        for (int i = open; i < level; i++) {
          toOpen.add(conns.get(i));
          if ((i - open) % 250 == 249) {
            selector.wakeup();
            awaitOpened(i + 1);
          }
        }
        selector.wakeup();
        awaitOpened(level);
        open = level;
        log(level + " streams open; publishing " + level + " events/s");
        Publisher publisher = new Publisher(db, threads.subList(0, level));
        Thread pub = new Thread(publisher, "publisher");
        pub.start();
        Thread.sleep(warmupSeconds * 1000L);
        for (int i = 0; i < BUCKETS; i++) {
          histogram.set(i, 0);
        }
        int errorsBefore = errors.get();
        long start = nowMicros();
        measureFromMicros = start;
        measureToMicros = start + durationSeconds * 1_000_000L;
        long publishedBefore = publisher.published.get();
        Thread.sleep(durationSeconds * 1000L);
        long publishedInWindow = publisher.published.get() - publishedBefore;
        long heap = heapUsedBytes();
        Thread.sleep(2000); // the window's last events arrive
        publisher.stop = true;
        pub.join();
        measureToMicros = Long.MIN_VALUE;
        long count = 0;
        for (int i = 0; i < BUCKETS; i++) {
          count += histogram.get(i);
        }
        int held = 0;
        for (int i = 0; i < level; i++) {
          if (conns.get(i).ok && !conns.get(i).dead) {
            held++;
          }
        }
        String row =
            String.format(
                "| %,d | %,d | %d | %,d | %,d | %.1f | %.1f | %.1f | %.1f |",
                level,
                held,
                errors.get() - errorsBefore,
                count,
                publishedInWindow,
                percentile(count, 0.50),
                percentile(count, 0.99),
                percentile(count, 1.0),
                (heap - baseline) / 1024.0 / level);
        log(row + " (heap " + mb(heap) + ", publisher lag max " + publisher.maxLagMillis + " ms)");
        report.append(row).append('\n');
      }
    }
    if (!errorSamples.isEmpty()) {
      report.append("\nFirst errors: ").append(errorSamples).append('\n');
    }
    Files.writeString(out, report.toString());
    System.out.println(report);
  }

  // --- setup -------------------------------------------------------------------------------

  private void account() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String email = "streams-" + UUID.randomUUID() + "@example.test";
    String password = "streams bench password " + UUID.randomUUID();
    post(
        client,
        "api/auth/register",
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
        null);
    token =
        field(
            post(
                client,
                "api/auth/login",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                null),
            "access_token");
    orgId =
        field(
            post(
                client,
                "api/orgs",
                "{\"name\":\"streams bench " + UUID.randomUUID() + "\"}",
                token),
            "id");
    log("organization " + orgId);
  }

  private String post(HttpClient client, String path, String json, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  /** The organization's threads, made with SQL (10,000 REST calls would take minutes). */
  private List<String> threads(int n) throws SQLException {
    List<String> ids = new ArrayList<>(n);
    try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
        PreparedStatement insert =
            db.prepareStatement(
                "insert into threads (id, org_id, title, created_at, updated_at, version)"
                    + " select cast(x as uuid), cast(? as uuid), 'bench', now(), now(), 0"
                    + " from unnest(cast(? as text[])) x")) {
      for (int i = 0; i < n; i++) {
        ids.add(UUID.randomUUID().toString());
      }
      insert.setString(1, orgId);
      insert.setArray(2, db.createArrayOf("text", ids.toArray()));
      insert.executeUpdate();
    }
    return ids;
  }

  // --- publishing ----------------------------------------------------------------------------

  /** Appends the events due every 20 ms, one transaction per tick, round robin over the streams. */
  private final class Publisher implements Runnable {
    private static final String APPEND =
        """
        with s as (
            insert into event_stream as s (stream, org_id, last_sequence)
            select 'thread:' || x, cast(? as uuid), 1 from unnest(cast(? as text[])) x
            on conflict (stream) do update set last_sequence = s.last_sequence + 1
            returning s.stream, s.last_sequence),
        e as (
            insert into event (org_id, stream, sequence, type, data, created_at)
            select cast(? as uuid), s.stream, s.last_sequence, 'bench.tick',
                   jsonb_build_object('t', cast(? as bigint)), now()
            from s
            returning stream, sequence)
        select count(pg_notify('mainspring_events', stream || ' ' || sequence)) from e
        """;

    private final Connection db;
    private final List<String> threads;
    final AtomicLong published = new AtomicLong();
    volatile boolean stop;
    volatile long maxLagMillis;

    Publisher(Connection db, List<String> threads) {
      this.db = db;
      this.threads = threads;
    }

    @Override
    public void run() {
      int rate = threads.size();
      int next = 0;
      long start = System.nanoTime();
      long done = 0;
      try (PreparedStatement append = db.prepareStatement(APPEND)) {
        while (!stop) {
          long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
          int n = (int) Math.min(due - done, threads.size());
          if (n > 0) {
            String[] batch = new String[n];
            for (int i = 0; i < n; i++) {
              batch[i] = threads.get(next);
              next = (next + 1) % threads.size();
            }
            append.setString(1, orgId);
            append.setArray(2, db.createArrayOf("text", batch));
            append.setString(3, orgId);
            append.setLong(4, nowMicros());
            append.executeQuery().close();
            done += n;
            published.addAndGet(n);
            long lag = (due - done) * 1000 / rate;
            maxLagMillis = Math.max(maxLagMillis, lag);
          }
          Thread.sleep(20);
        }
      } catch (SQLException | InterruptedException e) {
        error("publisher: " + e);
      }
    }
  }

  // --- the clients ---------------------------------------------------------------------------

  private final class Conn {
    final String thread;
    SocketChannel channel;
    final StringBuilder line = new StringBuilder(128);
    boolean status;
    boolean headers;
    volatile boolean ok;
    volatile boolean dead;
    long lastId;

    Conn(String thread) {
      this.thread = thread;
    }
  }

  private void loop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    while (true) {
      try {
        selector.select(100);
        for (Conn c = toOpen.poll(); c != null; c = toOpen.poll()) {
          connect(c);
        }
        for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey key = it.next();
          it.remove();
          Conn c = (Conn) key.attachment();
          try {
            if (key.isConnectable()) {
              c.channel.finishConnect();
              String request =
                  "GET /api/threads/"
                      + c.thread
                      + "/messages/stream HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                      + token
                      + "\r\n\r\n";
              c.channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
              key.interestOps(SelectionKey.OP_READ);
            } else if (key.isReadable()) {
              buffer.clear();
              int n = c.channel.read(buffer);
              if (n < 0) {
                fail(c, key, "the server ended the stream");
                continue;
              }
              buffer.flip();
              while (buffer.hasRemaining()) {
                char ch = (char) (buffer.get() & 0xff);
                if (ch == '\n') {
                  line(c, key);
                  c.line.setLength(0);
                } else if (ch != '\r') {
                  c.line.append(ch);
                }
              }
            }
          } catch (IOException e) {
            fail(c, key, e.toString());
          }
        }
      } catch (IOException e) {
        error("selector: " + e);
      }
    }
  }

  private void connect(Conn c) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
    c.channel = channel;
    channel.connect(new InetSocketAddress(host, port));
    channel.register(selector, SelectionKey.OP_CONNECT, c);
  }

  private void line(Conn c, SelectionKey key) {
    StringBuilder l = c.line;
    if (!c.status) {
      c.status = true;
      if (!(l.indexOf("HTTP/1.1 200") == 0)) {
        fail(c, key, "status " + l);
      }
      return;
    }
    if (!c.headers) {
      if (l.length() == 0) {
        c.headers = true;
        c.ok = true;
        opened.incrementAndGet();
      }
      return;
    }
    if (l.length() > 4 && l.charAt(0) == 'i' && l.indexOf("id: ") == 0) {
      long id = Long.parseLong(l.substring(4).trim());
      if (id != c.lastId + 1) {
        error("stream " + c.thread + ": id " + id + " after " + c.lastId);
      }
      c.lastId = id;
    } else if (l.length() > 6 && l.charAt(0) == 'd' && l.indexOf("data: ") == 0) {
      int at = l.indexOf("\"t\":");
      if (at >= 0) {
        int from = at + 4;
        while (from < l.length() && l.charAt(from) == ' ') {
          from++;
        }
        int to = from;
        while (to < l.length() && Character.isDigit(l.charAt(to))) {
          to++;
        }
        long t = Long.parseLong(l.substring(from, to));
        long now = nowMicros();
        received.incrementAndGet();
        if (t >= measureFromMicros && t < measureToMicros) {
          int bucket = (int) Math.min(BUCKETS - 1, Math.max(0, (now - t) / 100));
          histogram.incrementAndGet(bucket);
        }
      }
    }
  }

  private void fail(Conn c, SelectionKey key, String why) {
    if (!c.dead) {
      c.dead = true;
      error("stream " + c.thread + ": " + why);
    }
    key.cancel();
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // gone
    }
  }

  private void error(String what) {
    errors.incrementAndGet();
    if (errorSamples.size() < 10) {
      errorSamples.add(what);
    }
  }

  private void awaitOpened(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (opened.get() + deadCount() < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + opened.get() + " of " + n + " streams opened");
      }
      Thread.sleep(20);
    }
  }

  private int deadCount() {
    int dead = 0;
    for (Conn c : conns) {
      if (c.dead && !c.ok) {
        dead++;
      }
    }
    return dead;
  }

  // --- figures ---------------------------------------------------------------------------------

  private double percentile(long count, double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(p * count));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += histogram.get(i);
      if (seen >= rank) {
        return (i + 1) / 10.0;
      }
    }
    return BUCKETS / 10.0;
  }

  /** The server's heap in use after a full collection (jcmd GC.run, then GC.heap_info). */
  private long heapUsedBytes() throws IOException, InterruptedException {
    if (serverPid <= 0) {
      return 0;
    }
    jcmd("GC.run");
    Thread.sleep(1000);
    String info = jcmd("GC.heap_info");
    Matcher m = Pattern.compile("used (\\d+)([KMG])").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap figure in: " + info);
    }
    long value = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "K" -> value * 1024;
      case "M" -> value * 1024 * 1024;
      default -> value * 1024 * 1024 * 1024;
    };
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(serverPid),
                command)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return output;
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  private static String mb(long bytes) {
    return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
  }

  private static void log(String line) {
    System.err.println("[bench] " + line);
  }
}
