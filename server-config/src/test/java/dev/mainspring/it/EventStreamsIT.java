package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.eventsource.StreamEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Live message streams ({@code GET /api/threads/{id}/messages/stream}) on the real server: the SSE
 * relay over the event log, through a real SSE client with reconnection and {@code Last-Event-ID};
 * resuming, slow readers, the listening connection's loss, {@code ?token=} and other organizations.
 */
class EventStreamsIT extends ApiTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void eventsPostedWhileConnectedArriveInOrderWithTheStreamHeaders() throws Exception {
    String thread = newThread(http);
    HttpResponse<Stream<String>> response = open(stream(thread), "Authorization", bearer());
    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElse(""));
    Frames frames = new Frames(response.body());
    List<String> posted = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      posted.add(postMessage(http, thread, "live " + i));
    }
    for (int i = 1; i <= 5; i++) {
      Frame frame = frames.next();
      assertEquals(Long.toString(i), frame.id());
      assertEquals("message.created", frame.event());
      assertEquals(
          posted.get(i - 1), frame.json().getJsonObject("message").getString("message_id"));
    }
    frames.close();
  }

  @Test
  void aClientLibraryThatLosesTheConnectionResumesWithEveryEventOnceInOrder() throws Exception {
    String thread = newThread(http);
    BlockingQueue<MessageEvent> received = new LinkedBlockingQueue<>();
    AtomicInteger opened = new AtomicInteger();
    // the library's own loop: reconnects after any failure, sending Last-Event-ID
    EventSource source =
        new EventSource.Builder(
                ConnectStrategy.http(uri(stream(thread)))
                    .header("Authorization", bearer())
                    .readTimeout(60, TimeUnit.SECONDS))
            .retryDelay(300, TimeUnit.MILLISECONDS)
            .errorStrategy(ErrorStrategy.alwaysContinue())
            .build();
    Thread reader =
        new Thread(
            () -> {
              try {
                for (StreamEvent e : source.anyEvents()) {
                  if (e instanceof StartedEvent) {
                    opened.incrementAndGet();
                  } else if (e instanceof MessageEvent m) {
                    received.add(m);
                  }
                }
              } catch (RuntimeException closed) {
                // the test closed the source
              }
            },
            "sse-library");
    reader.setDaemon(true);
    reader.start();
    try {
      awaitOpened(opened, 1);
      for (int i = 1; i <= 3; i++) {
        postMessage(http, thread, "before " + i);
      }
      List<MessageEvent> seen = new ArrayList<>(take(received, 3));
      source.interrupt(); // the connection drops; the library reconnects
      for (int i = 1; i <= 4; i++) {
        postMessage(http, thread, "after " + i);
      }
      seen.addAll(take(received, 4));
      awaitOpened(opened, 2);
      for (int i = 1; i <= 2; i++) {
        postMessage(http, thread, "live again " + i);
      }
      seen.addAll(take(received, 2));
      assertEquals(null, received.poll(1, TimeUnit.SECONDS), "no event twice");
      List<String> ids = seen.stream().map(MessageEvent::getLastEventId).toList();
      assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9"), ids);
      List<String> texts =
          seen.stream()
              .map(
                  e ->
                      json(e.getData())
                          .getJsonObject("message")
                          .getJsonObject("content")
                          .getString("text"))
              .toList();
      assertEquals(
          List.of(
              "before 1",
              "before 2",
              "before 3",
              "after 1",
              "after 2",
              "after 3",
              "after 4",
              "live again 1",
              "live again 2"),
          texts);
    } finally {
      source.close();
    }
  }

  @Test
  void lastEventIdInTheQueryOrTheHeaderReplaysWhatCameAfterIt() throws Exception {
    String thread = newThread(http);
    for (int i = 1; i <= 4; i++) {
      postMessage(http, thread, "m" + i);
    }
    try (Frames frames =
        new Frames(open(stream(thread) + "?last_event_id=2", "Authorization", bearer()).body())) {
      assertEquals("3", frames.next().id());
      assertEquals("4", frames.next().id());
      postMessage(http, thread, "m5");
      assertEquals("5", frames.next().id());
    }
    try (Frames frames =
        new Frames(open(stream(thread), "Authorization", bearer(), "Last-Event-ID", "4").body())) {
      assertEquals("5", frames.next().id());
    }
    assertProblem(
        http.get(stream(thread) + "?last_event_id=x", "Accept", "text/event-stream"),
        400,
        "invalid_last_event_id");
    assertProblem(
        http.get(stream(thread), "Accept", "text/event-stream", "Last-Event-ID", "-1"),
        400,
        "invalid_last_event_id");
  }

  @Test
  @org.junit.jupiter.api.Timeout(180)
  void aClientThatDoesNotReadIsCutOffAndResumesBySequence() throws Exception {
    String thread = newThread(http);
    String big = "x".repeat(19_000);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /"
                  + stream(thread)
                  + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                  + "Authorization: "
                  + bearer()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // far more than the socket buffers and the relay's bound (64 KiB in these tests) hold
      int posted = 0;
      for (; posted < 400; posted++) {
        postMessage(http, thread, big);
      }
      // the relay stops reading for a client with a full queue, and cuts it off once its
      // connection took nothing for mainspring.streams.stall-seconds (3 in these tests)
      Thread.sleep(6_000);
      socket.setSoTimeout((int) WAIT.toMillis());
      String text = readUntilEnd(socket.getInputStream());
      assertTrue(
          closedByServer(socket), "the server closed the connection, dropping what it queued");
      List<Long> ids = ids(text);
      assertTrue(ids.size() < posted, "cut off after " + ids.size() + " of " + posted);
      for (int i = 0; i < ids.size(); i++) {
        assertEquals(i + 1, ids.get(i), "in order without gaps up to the cut");
      }
      long last = ids.isEmpty() ? 0 : ids.get(ids.size() - 1);
      try (Frames frames =
          new Frames(
              open(stream(thread), "Authorization", bearer(), "Last-Event-ID", Long.toString(last))
                  .body())) {
        assertEquals(Long.toString(last + 1), frames.next().id(), "resumes by sequence");
      }
    }
  }

  @Test
  void aStreamKeepsGoingWhenTheListeningConnectionIsLost() throws Exception {
    String thread = newThread(http);
    try (Frames frames = new Frames(open(stream(thread), "Authorization", bearer()).body())) {
      postMessage(http, thread, "one");
      assertEquals("1", frames.next().id());
      try (Connection owner = ownerConnection();
          Statement kill = owner.createStatement()) {
        kill.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity"
                + " where application_name = 'mainspring-event-wakeups'");
      }
      postMessage(http, thread, "two");
      postMessage(http, thread, "three");
      assertEquals("2", frames.next().id());
      assertEquals("3", frames.next().id());
    }
  }

  @Test
  void tokenInTheQueryIsAcceptedOnStreamsOnlyAndAnotherOrganizationsThreadIsNotFound()
      throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "streams-owner");
    Http ownerHttp = owner.http();
    String thread = newThread(ownerHttp);
    try (Frames frames = new Frames(open(stream(thread) + "?token=" + owner.token()).body())) {
      postMessage(ownerHttp, thread, "by token");
      Frame frame = frames.next();
      assertEquals("1", frame.id());
    }
    assertEquals(
        401,
        anonymous.get("api/threads/" + thread + "/messages/events?token=" + owner.token()).status(),
        "?token= is not taken on other paths");
    assertProblem(
        anonymous.get(stream(thread) + "?token=not-a-token", "Accept", "text/event-stream"),
        401,
        "invalid_token");
    assertEquals(401, anonymous.get(stream(thread), "Accept", "text/event-stream").status());

    Accounts.Account stranger = Accounts.withOrganization(anonymous, "streams-stranger");
    Http.Reply foreign =
        anonymous.get(stream(thread) + "?token=" + stranger.token(), "Accept", "text/event-stream");
    assertEquals(404, foreign.status(), foreign.toString());
    assertEquals(
        404,
        stranger.http().get(stream(thread), "Accept", "text/event-stream").status(),
        "with the header too");
  }

  @Test
  void aMessagePostedThroughOneInstanceStreamsLiveToAClientOfAnother() throws Exception {
    String thread = newThread(http);
    postMessage(http, thread, "before the second instance");
    try (SecondInstance second = SecondInstance.start("streams")) {
      HttpResponse<Stream<String>> response =
          CLIENT.send(
              HttpRequest.newBuilder(second.baseUri().resolve(stream(thread)))
                  .header("Accept", "text/event-stream")
                  .header("Authorization", bearer())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, response.statusCode());
      try (Frames frames = new Frames(response.body())) {
        assertEquals("1", frames.next().id(), "replayed from the table");
        String id = postMessage(http, thread, "through the first instance");
        Frame live = frames.next();
        assertEquals("2", live.id());
        assertEquals(id, live.json().getJsonObject("message").getString("message_id"));
      }
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  record Frame(String id, String event, String data) {
    JsonObject json() {
      return EventStreamsIT.json(data);
    }
  }

  /** The frames of an SSE body, read line by line as they arrive; comments are skipped. */
  static final class Frames implements AutoCloseable {
    private final Stream<String> lines;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Thread reader;

    Frames(Stream<String> lines) {
      this.lines = lines;
      this.reader =
          new Thread(
              () -> {
                String id = null;
                String event = null;
                StringBuilder data = new StringBuilder();
                try {
                  Iterator<String> it = lines.iterator();
                  while (it.hasNext()) {
                    String line = it.next();
                    if (line.isEmpty()) {
                      if (id != null || data.length() > 0) {
                        frames.add(new Frame(id, event, data.toString()));
                      }
                      id = null;
                      event = null;
                      data.setLength(0);
                    } else if (line.startsWith("id: ")) {
                      id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                      event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                      data.append(line.substring(6));
                    }
                  }
                } catch (RuntimeException closed) {
                  // the test closed the stream
                }
              },
              "sse-frames");
      reader.setDaemon(true);
      reader.start();
    }

    Frame next() throws InterruptedException {
      Frame frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no event within " + WAIT);
      }
      return frame;
    }

    @Override
    public void close() {
      lines.close();
      reader.interrupt();
    }
  }

  private static List<MessageEvent> take(BlockingQueue<MessageEvent> queue, int n)
      throws InterruptedException {
    List<MessageEvent> taken = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MessageEvent e = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("got " + taken.size() + " of " + n + " events");
      }
      taken.add(e);
    }
    return taken;
  }

  private static void awaitOpened(AtomicInteger opened, int times) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (opened.get() < times) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the stream opened " + opened.get() + " times, not " + times);
      }
      Thread.sleep(20);
    }
  }

  private HttpResponse<Stream<String>> open(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines());
  }

  private URI uri(String path) {
    return http.uri(path);
  }

  /** This class's own account, whose token the tests also send in headers and queries. */
  private static Accounts.Account me;

  @org.junit.jupiter.api.BeforeEach
  void account() {
    synchronized (EventStreamsIT.class) {
      if (me == null) {
        me = Accounts.withOrganization(anonymous, "streams");
      }
    }
    http = me.http();
  }

  private String bearer() {
    return "Bearer " + me.token();
  }

  static String stream(String thread) {
    return "api/threads/" + thread + "/messages/stream";
  }

  static String newThread(Http client) {
    Http.Reply thread = client.post("api/threads", "{\"title\":\"streams\"}");
    assertEquals(201, thread.status(), thread.toString());
    return thread.json().getString("thread_id");
  }

  static String postMessage(Http client, String thread, String text) {
    Http.Reply posted =
        client.post(
            "api/threads/" + thread + "/messages",
            Json.createObjectBuilder().add("content", text).build().toString());
    assertEquals(201, posted.status(), posted.toString());
    return posted.json().getString("message_id");
  }

  static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  /**
   * Reads a chunked HTTP response until its last (empty) chunk or until the server closes the
   * connection; answers the body as text, without the chunks' framing.
   */
  private static String readUntilEnd(InputStream in) throws IOException {
    java.io.DataInputStream data = new java.io.DataInputStream(new java.io.BufferedInputStream(in));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      String line;
      while (!(line = line(data)).isEmpty()) {
        assertTrue(!line.startsWith("HTTP/") || line.contains(" 200 "), line);
      }
      while (true) {
        String size = line(data);
        int semicolon = size.indexOf(';');
        int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
        if (n == 0) {
          break;
        }
        byte[] chunk = new byte[n];
        data.readFully(chunk);
        body.write(chunk);
        line(data);
      }
    } catch (java.io.EOFException | java.net.SocketException closedByTheServer) {
      // the server closed the connection: what came before is the body
    }
    String text = body.toString(StandardCharsets.UTF_8);
    // a frame cut in the middle by the close does not count
    int end = text.lastIndexOf("\n\n");
    return end < 0 ? "" : text.substring(0, end + 2);
  }

  private static String line(java.io.DataInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new java.io.EOFException("the connection closed mid-response");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  private static boolean closedByServer(Socket socket) {
    try {
      return socket.getInputStream().read() == -1;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static List<Long> ids(String text) {
    List<Long> ids = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("id: ")) {
        ids.add(Long.parseLong(line.substring(4).strip()));
      }
    }
    return ids;
  }

  private static Connection ownerConnection() throws SQLException {
    return DriverManager.getConnection(
        System.getenv("DB_URL"),
        System.getenv("DB_OWNER_USER"),
        System.getenv("DB_OWNER_PASSWORD"));
  }
}
