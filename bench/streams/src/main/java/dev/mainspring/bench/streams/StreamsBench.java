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
 * Opens N concurrent connections on one Mainspring instance and publishes one event per connection
 * per second, at 1,000, 5,000 and 10,000 connections by default. Reports the connections held,
 * errors (a status other than 200, a connection that ended or broke, an event out of order or
 * missing), the server's heap and RSS per connection and the latency from an event's commit to its
 * arrival (p50, p99, max). Three kinds of connection ({@code --mode}):
 *
 * <ul>
 *   <li>{@code sse} (default): SSE streams, {@code GET /api/threads/{id}/messages/stream}, one
 *       thread each;
 *   <li>{@code socketio}: Socket.IO clients (the real {@code socket.io-client}, WebSocket
 *       transport, all in one Node process: {@code bench/streams/socketio/clients.mjs}), each
 *       subscribed to one thread with the {@code subscribe} command and receiving its {@code
 *       thread_event}s;
 *   <li>{@code longpoll}: long-pollers ({@code GET /realtime/queues/{id}/events?cursor&timeout}),
 *       each with its own queue in an organization of its own (a queue shows every event of its
 *       organization: one organization per poller keeps it at one event per second), looping with
 *       the answer's cursor; Java's HttpClient, HTTP/1.1.
 * </ul>
 *
 * <p>Events are published by this process with SQL as the schema owner, exactly as {@code
 * EventLog.append} writes them (the stream's counter, the event row, {@code pg_notify} at commit),
 * many streams per transaction: each transaction appends the events due in a 20 ms tick, and the
 * payload carries the time just before its commit ({@code t}, microseconds since the epoch). The
 * server's REST API would spend the machine's two cores on 10,000 message posts a second instead of
 * on the streams being measured. The SSE clients are one NIO selector thread with plain HTTP/1.1.
 *
 * <pre>
 * StreamsBench --url http://127.0.0.1:PORT/ --db-url jdbc:postgresql://localhost:P/mainspring
 *     --db-user postgres --server-pid PID [--mode sse|socketio|longpoll]
 *     [--levels 1000,5000,10000] [--warmup 10] [--duration 60] [--socketio-dir DIR]
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
  private final String mode;
  private final Path socketIoDir;

  private final List<Conn> conns = new ArrayList<>();
  private final List<Poller> pollers = new ArrayList<>();
  private final AtomicInteger failedToOpen = new AtomicInteger();
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
  private String userId;
  private SocketIoClients socketIo;
  private HttpClient pollClient;
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
    mode = options.getOrDefault("mode", "sse");
    if (!List.of("sse", "socketio", "longpoll").contains(mode)) {
      throw new IllegalArgumentException("--mode is sse, socketio or longpoll, not " + mode);
    }
    socketIoDir = Path.of(options.getOrDefault("socketio-dir", "bench/streams/socketio"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    new StreamsBench(options).run();
    // the pollers' HttpClient threads would keep the JVM up
    System.exit(0);
  }

  private void run() throws Exception {
    host = base.getHost();
    port = base.getPort();
    account();
    int most = Arrays.stream(levels).max().orElse(0);
    List<Target> targets = "longpoll".equals(mode) ? organizations(most) : threads(most);
    switch (mode) {
      case "sse" -> {
        for (Target target : targets) {
          conns.add(new Conn(target.thread()));
        }
        selector = Selector.open();
        Thread io = new Thread(this::loop, "sse-clients");
        io.setDaemon(true);
        io.start();
      }
      case "socketio" -> socketIo = new SocketIoClients();
      default -> {
        pollClient =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(java.util.concurrent.Executors.newFixedThreadPool(2))
                .build();
        registerQueues(targets);
      }
    }

    long baseline = heapUsedBytes();
    long baselineRss = rssBytes();
    log("baseline heap after GC: " + mb(baseline) + ", RSS " + mb(baselineRss));
    StringBuilder report = new StringBuilder();
    report.append("Mode: ").append(mode).append('\n').append('\n');
    report.append(
        "| connections | held | errors | events received (measured) | expected | p50 ms | p99 ms |"
            + " max ms | heap/conn KB | RSS/conn KB | server threads | load avg |\n");
    report.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    int open = 0;
    try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
      for (int level : levels) {
        // errors of the level: from its first opening on (a drop in the warm-up counts too)
        int errorsBefore = errors.get();
        log("opening " + mode + " connections " + open + " .. " + level);
        for (int i = open; i < level; i += 250) {
          int to = Math.min(level, i + 250);
          open(targets.subList(i, to), i);
          awaitOpened(to);
        }
        open = level;
        log(level + " connections open; publishing " + level + " events/s");
        Publisher publisher = new Publisher(db, targets.subList(0, level));
        Thread pub = new Thread(publisher, "publisher");
        pub.start();
        Thread.sleep(warmupSeconds * 1000L);
        for (int i = 0; i < BUCKETS; i++) {
          histogram.set(i, 0);
        }
        long start = nowMicros();
        measureFromMicros = start;
        measureToMicros = start + durationSeconds * 1_000_000L;
        if (socketIo != null) {
          socketIo.window(measureFromMicros, measureToMicros);
        }
        long publishedBefore = publisher.published.get();
        Thread.sleep(durationSeconds * 1000L);
        long publishedInWindow = publisher.published.get() - publishedBefore;
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        long heap = heapUsedBytes();
        long rss = rssBytes();
        Thread.sleep(2000); // the window's last events arrive
        publisher.stop = true;
        pub.join();
        measureToMicros = Long.MIN_VALUE;
        int held = held(level);
        long count = 0;
        for (int i = 0; i < BUCKETS; i++) {
          count += histogram.get(i);
        }
        String row =
            String.format(
                "| %,d | %,d | %d | %,d | %,d | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %s |",
                level,
                held,
                errors.get() - errorsBefore,
                count,
                publishedInWindow,
                percentile(count, 0.50),
                percentile(count, 0.99),
                percentile(count, 1.0),
                (heap - baseline) / 1024.0 / level,
                (rss - baselineRss) / 1024.0 / level,
                serverThreads(),
                String.join(" ", Arrays.asList(load.split(" ")).subList(0, 3)));
        log(
            row
                + " (heap "
                + mb(heap)
                + ", RSS "
                + mb(rss)
                + ", publisher lag max "
                + publisher.maxLagMillis
                + " ms)");
        report.append(row).append('\n');
      }
    }
    if (!errorSamples.isEmpty()) {
      report.append("\nFirst errors: ").append(errorSamples).append('\n');
    }
    if (socketIo != null) {
      socketIo.exit();
    }
    Files.writeString(out, report.toString());
    System.out.println(report);
  }

  /** One connection's thread and the organization it is in. */
  private record Target(String thread, String org) {}

  /** Starts opening connections {@code first ..} for {@code targets}. */
  private void open(List<Target> targets, int first) throws IOException {
    switch (mode) {
      case "sse" -> {
        for (int i = 0; i < targets.size(); i++) {
          toOpen.add(conns.get(first + i));
        }
        selector.wakeup();
      }
      case "socketio" -> socketIo.open(targets.stream().map(Target::thread).toList());
      default -> {
        for (int i = 0; i < targets.size(); i++) {
          Poller p = pollers.get(first + i);
          p.ok = true;
          opened.incrementAndGet();
          poll(p);
        }
      }
    }
  }

  /** Connections of the first {@code level} that are open and have not failed. */
  private int held(int level) throws IOException, InterruptedException {
    return switch (mode) {
      case "sse" -> {
        int held = 0;
        for (int i = 0; i < level; i++) {
          if (conns.get(i).ok && !conns.get(i).dead) {
            held++;
          }
        }
        yield held;
      }
      case "socketio" -> socketIo.report();
      default -> {
        int held = 0;
        for (int i = 0; i < level; i++) {
          if (pollers.get(i).ok && !pollers.get(i).dead) {
            held++;
          }
        }
        yield held;
      }
    };
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
    try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword);
        PreparedStatement select =
            db.prepareStatement("select cast(id as text) from users where lower(email) = ?")) {
      select.setString(1, email.toLowerCase(java.util.Locale.ROOT));
      try (var rows = select.executeQuery()) {
        rows.next();
        userId = rows.getString(1);
      }
    }
    log("organization " + orgId + ", user " + userId);
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
  private List<Target> threads(int n) throws SQLException {
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
    return ids.stream().map(id -> new Target(id, orgId)).toList();
  }

  /**
   * For long-polling: {@code n} organizations with SQL, the user a member of each, one thread in
   * each (a queue shows every event of its organization, so one poller per organization receives
   * one event per second).
   */
  private List<Target> organizations(int n) throws SQLException {
    List<String> orgs = new ArrayList<>(n);
    List<String> threads = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      orgs.add(UUID.randomUUID().toString());
      threads.add(UUID.randomUUID().toString());
    }
    try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
      try (PreparedStatement insert =
          db.prepareStatement(
              "insert into organizations (id, name, slug, created_at, updated_at, version)"
                  + " select cast(x as uuid), 'bench ' || x, 'bench-' || x, now(), now(), 0"
                  + " from unnest(cast(? as text[])) x")) {
        insert.setArray(1, db.createArrayOf("text", orgs.toArray()));
        insert.executeUpdate();
      }
      try (PreparedStatement insert =
          db.prepareStatement(
              "insert into memberships (org_id, user_id, role, created_at)"
                  + " select cast(x as uuid), cast(? as uuid), 'member', now()"
                  + " from unnest(cast(? as text[])) x")) {
        insert.setString(1, userId);
        insert.setArray(2, db.createArrayOf("text", orgs.toArray()));
        insert.executeUpdate();
      }
      try (PreparedStatement insert =
          db.prepareStatement(
              "insert into threads (id, org_id, title, created_at, updated_at, version)"
                  + " select cast(t as uuid), cast(o as uuid), 'bench', now(), now(), 0"
                  + " from unnest(cast(? as text[]), cast(? as text[])) as x(t, o)")) {
        insert.setArray(1, db.createArrayOf("text", threads.toArray()));
        insert.setArray(2, db.createArrayOf("text", orgs.toArray()));
        insert.executeUpdate();
      }
    }
    List<Target> targets = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      targets.add(new Target(threads.get(i), orgs.get(i)));
    }
    log(n + " organizations made for the pollers");
    return targets;
  }

  // --- publishing ----------------------------------------------------------------------------

  /** Appends the events due every 20 ms, one transaction per tick, round robin over the streams. */
  private final class Publisher implements Runnable {
    private static final String APPEND =
        """
        with s as (
            insert into event_stream as s (stream, org_id, last_sequence)
            select 'thread:' || x.t, cast(x.o as uuid), 1
            from unnest(cast(? as text[]), cast(? as text[])) as x(t, o)
            on conflict (stream) do update set last_sequence = s.last_sequence + 1
            returning s.stream, s.org_id, s.last_sequence),
        e as (
            insert into event (org_id, stream, sequence, type, data, created_at)
            select s.org_id, s.stream, s.last_sequence, 'bench.tick',
                   jsonb_build_object('t', cast(? as bigint)), now()
            from s
            returning stream, sequence)
        select count(pg_notify('mainspring_events', stream || ' ' || sequence)) from e
        """;

    private final Connection db;
    private final List<Target> threads;
    final AtomicLong published = new AtomicLong();
    volatile boolean stop;
    volatile long maxLagMillis;

    Publisher(Connection db, List<Target> threads) {
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
            String[] orgs = new String[n];
            for (int i = 0; i < n; i++) {
              batch[i] = threads.get(next).thread();
              orgs[i] = threads.get(next).org();
              next = (next + 1) % threads.size();
            }
            append.setArray(1, db.createArrayOf("text", batch));
            append.setArray(2, db.createArrayOf("text", orgs));
            append.setLong(3, nowMicros());
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
        record(Long.parseLong(l.substring(from, to)), nowMicros());
      }
    }
  }

  /** An event stamped {@code t} received at {@code now} (microseconds). */
  private void record(long t, long now) {
    received.incrementAndGet();
    if (t >= measureFromMicros && t < measureToMicros) {
      int bucket = (int) Math.min(BUCKETS - 1, Math.max(0, (now - t) / 100));
      histogram.incrementAndGet(bucket);
    }
  }

  // --- Socket.IO: the Node clients ------------------------------------------------------------

  /** The Node process holding the Socket.IO clients ({@code socketio/clients.mjs}). */
  private final class SocketIoClients {
    private final Process node;
    private final java.io.Writer in;
    private final java.util.concurrent.SynchronousQueue<String> reports =
        new java.util.concurrent.SynchronousQueue<>();

    SocketIoClients() throws IOException {
      node =
          new ProcessBuilder(
                  "node",
                  "--max-old-space-size=6144",
                  socketIoDir.resolve("clients.mjs").toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      in = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "socketio-clients");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (var lines =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("{\"type\":\"opened\"")) {
            opened.incrementAndGet();
          } else if (line.startsWith("{\"type\":\"failed\"")) {
            failedToOpen.incrementAndGet();
            error(line);
          } else if (line.startsWith("{\"type\":\"report\"")) {
            reports.put(line);
          } else {
            error(line);
          }
        }
        error("the Node clients ended");
      } catch (IOException | InterruptedException e) {
        error("reading the Node clients: " + e);
      }
    }

    private synchronized void send(String json) throws IOException {
      in.write(json);
      in.write('\n');
      in.flush();
    }

    void open(List<String> threads) throws IOException {
      send(
          "{\"op\":\"open\",\"url\":\""
              + "http://"
              + host
              + ":"
              + port
              + "\",\"token\":\""
              + token
              + "\",\"org\":\""
              + orgId
              + "\",\"threads\":[\""
              + String.join("\",\"", threads)
              + "\"]}");
    }

    void window(long from, long to) throws IOException {
      send("{\"op\":\"window\",\"from\":" + from + ",\"to\":" + to + "}");
    }

    /** Merges the clients' latencies of the window into the histogram; the clients held. */
    int report() throws IOException, InterruptedException {
      send("{\"op\":\"report\"}");
      String line = reports.poll(60, TimeUnit.SECONDS);
      if (line == null) {
        throw new IllegalStateException("the Node clients did not report");
      }
      Matcher pair = Pattern.compile("\\[(\\d+),(\\d+)\\]").matcher(line);
      while (pair.find()) {
        histogram.addAndGet(Integer.parseInt(pair.group(1)), Long.parseLong(pair.group(2)));
      }
      Matcher held = Pattern.compile("\"held\":(\\d+)").matcher(line);
      return held.find() ? Integer.parseInt(held.group(1)) : 0;
    }

    void exit() throws IOException, InterruptedException {
      send("{\"op\":\"exit\"}");
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroy();
      }
    }
  }

  // --- long-polling ---------------------------------------------------------------------------

  /** One long-poller: its queue in its organization and the cursor to poll with next. */
  private static final class Poller {
    final String org;
    String queue;
    volatile String cursor;
    volatile boolean ok;
    volatile boolean dead;
    long last;

    Poller(String org) {
      this.org = org;
    }
  }

  private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
  private static final Pattern STAMP = Pattern.compile("\"t\":(\\d+)");
  private static final Pattern CURSOR = Pattern.compile("\"cursor\":\"([^\"]+)\"");

  /** One queue per poller, registered over REST, 16 at a time. */
  private void registerQueues(List<Target> targets) throws InterruptedException {
    java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(16);
    java.util.concurrent.CountDownLatch done =
        new java.util.concurrent.CountDownLatch(targets.size());
    for (Target target : targets) {
      Poller p = new Poller(target.org());
      pollers.add(p);
      permits.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve("realtime/queues"))
              .header("Authorization", "Bearer " + token)
              .header("X-Org-Id", p.org)
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      pollClient
          .sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, failure) -> {
                try {
                  if (failure != null || response.statusCode() != 201) {
                    throw new IllegalStateException(
                        "registering a queue: " + (failure != null ? failure : response.body()));
                  }
                  p.queue = field(response.body(), "queue_id");
                  p.cursor = field(response.body(), "cursor");
                } catch (RuntimeException e) {
                  p.dead = true;
                  error(e.toString());
                } finally {
                  permits.release();
                  done.countDown();
                }
              });
    }
    done.await();
    log(targets.size() + " queues registered");
  }

  private void poll(Poller p) {
    if (p.dead) {
      return;
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                base.resolve(
                    "realtime/queues/"
                        + p.queue
                        + "/events?timeout=30&cursor="
                        + java.net.URLEncoder.encode(p.cursor, StandardCharsets.UTF_8)))
            .header("Authorization", "Bearer " + token)
            .header("X-Org-Id", p.org)
            .timeout(java.time.Duration.ofSeconds(60))
            .GET()
            .build();
    pollClient
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              long now = nowMicros();
              if (failure != null || response.statusCode() != 200) {
                p.dead = true;
                error(
                    "poller "
                        + p.org
                        + ": "
                        + (failure != null
                            ? failure.toString()
                            : response.statusCode() + " " + response.body()));
                return;
              }
              String body = response.body();
              Matcher sequence = SEQUENCE.matcher(body);
              while (sequence.find()) {
                long s = Long.parseLong(sequence.group(1));
                if (s != p.last + 1) {
                  error("poller " + p.org + ": sequence " + s + " after " + p.last);
                }
                p.last = s;
              }
              Matcher stamp = STAMP.matcher(body);
              while (stamp.find()) {
                record(Long.parseLong(stamp.group(1)), now);
              }
              Matcher cursor = CURSOR.matcher(body);
              String last = null;
              while (cursor.find()) {
                last = cursor.group(1);
              }
              if (last != null) {
                p.cursor = last;
              }
              poll(p);
            });
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
    while (opened.get() + ("sse".equals(mode) ? deadCount() : failedToOpen.get()) < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + opened.get() + " of " + n + " connections opened; errors " + errorSamples);
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

  /**
   * The server's live heap: the bytes of all objects the class histogram counts ({@code jcmd
   * GC.class_histogram}, which collects first). Not {@code GC.heap_info} after {@code GC.run}: with
   * ZGC its "used" includes whatever was allocated since the cycle, which under a steady stream of
   * events is hundreds of MiB of garbage.
   */
  private long heapUsedBytes() throws IOException, InterruptedException {
    if (serverPid <= 0) {
      return 0;
    }
    String histogram = jcmd("GC.class_histogram");
    Matcher m = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(histogram);
    if (!m.find()) {
      throw new IllegalStateException(
          "no heap total in: " + histogram.substring(0, Math.min(500, histogram.length())));
    }
    return Long.parseLong(m.group(1));
  }

  /** The server JVM's resident set (VmRSS), 0 without a pid. */
  private long rssBytes() throws IOException {
    if (serverPid <= 0) {
      return 0;
    }
    for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return 0;
  }

  private int serverThreads() {
    if (serverPid <= 0) {
      return 0;
    }
    String[] tasks = new java.io.File("/proc/" + serverPid + "/task").list();
    return tasks == null ? 0 : tasks.length;
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
