package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StartedEvent;
import com.launchdarkly.eventsource.StreamEvent;
import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import dev.mainspring.platform.service.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's runs on two instances sharing one database, and through a reconnecting SSE client
 * library (LaunchDarkly's okhttp-eventsource): a run streams to a client of either instance, stop
 * and approve reach it through either, and when the instance executing it is killed ({@code kill
 * -9}) the other finishes it with no event lost or doubled.
 */
class RunsClusterIT extends ApiTest {

  private static StubOpenAiServer stub;
  private static Accounts.Account owner;
  private static SecondInstance second;

  @AfterAll
  static void restore() throws Exception {
    if (second != null) {
      second.close();
    }
    if (stub != null) {
      stub.close();
      ModelPlatform.reactivateLocalDefault();
    }
  }

  @BeforeEach
  void platform() throws Exception {
    if (stub == null) {
      Http admin = Accounts.superadmin(anonymous);
      String chatModel = "cluster-chat-" + UUID.randomUUID().toString().substring(0, 8);
      stub = StubOpenAiServer.start();
      String provider =
          ModelPlatform.provider(
              admin, "stub-" + chatModel, stub.baseUrl(), null, "{\"max_concurrency\":50}");
      String modelId = ModelPlatform.activeChatModel(admin, chatModel, provider);
      ModelPlatform.activeDeployment(
          admin, "cluster-" + chatModel, ModelPlatform.binding("llm_inference", provider, modelId));
      owner = Accounts.withOrganization(anonymous, "runs-cluster");
      // The second instance claims fast and leases briefly, so that it takes the runs started
      // through it and its death is noticed within seconds.
      second =
          SecondInstance.start(
              "runs",
              Map.of(),
              List.of(
                  "-Dmainspring.instance-id=second",
                  "-Dmainspring.runs.poll-ms=50",
                  "-Dmainspring.runs.lease-seconds=3"));
    }
    stub.clearScript();
    stub.converse(true);
    stub.holdAfterFirstChunk(null);
    stub.chunkDelay(Duration.ZERO);
    stub.answer(List.of("Hello", ",", " world", "!"));
  }

  private static Http on(SecondInstance instance) {
    return instance.http().withHeader("Authorization", "Bearer " + owner.token());
  }

  private static String thread(Http client) {
    Http.Reply made = client.post("api/threads", "{\"title\":\"cluster\"}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("thread_id");
  }

  private static String start(Http client, String threadId, String json) {
    Http.Reply started = client.post("api/thread/" + threadId + "/agent/start", json);
    assertEquals(200, started.status(), started.toString());
    return started.json().getString("agent_run_id");
  }

  private static JsonObject awaitStatus(Http client, String runId, String status, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    JsonObject run = null;
    while (System.nanoTime() < deadline) {
      run = client.get("api/agent-run/" + runId).json();
      if (status.equals(run.getString("status"))) {
        return run;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + runId + " never became " + status + ": " + run);
  }

  private static String leaseOwner(String runId) throws Exception {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement("select lease_owner from agent_runs where id = ?::uuid")) {
      s.setString(1, runId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  /** Reads a run's stream with the library, reconnecting after any failure, until it ends. */
  private static final class LibraryClient implements AutoCloseable {
    final BlockingQueue<MessageEvent> received = new LinkedBlockingQueue<>();
    final AtomicInteger opened = new AtomicInteger();
    final EventSource source;

    LibraryClient(URI uri) {
      source =
          new EventSource.Builder(
                  ConnectStrategy.http(uri)
                      .header("Authorization", "Bearer " + owner.token())
                      .readTimeout(60, TimeUnit.SECONDS))
              .retryDelay(200, TimeUnit.MILLISECONDS)
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
              "run-stream-library");
      reader.setDaemon(true);
      reader.start();
    }

    /** Events until (and with) the run's control event, pings left out. */
    List<JsonObject> untilEnd(Duration within) throws InterruptedException {
      List<JsonObject> events = new ArrayList<>();
      long deadline = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < deadline) {
        MessageEvent next = received.poll(200, TimeUnit.MILLISECONDS);
        if (next == null) {
          continue;
        }
        JsonObject data;
        try (var reader = Jsons.reader(next.getData())) {
          data = reader.readObject();
        }
        if ("ping".equals(data.getString("type"))) {
          continue;
        }
        assertEquals(
            Long.toString(data.getJsonNumber("sequence").longValue()), next.getLastEventId());
        events.add(data);
        if ("control".equals(data.getString("type"))) {
          return events;
        }
      }
      throw new AssertionError("the run did not end within " + within + ": " + events);
    }

    @Override
    public void close() {
      source.close();
    }
  }

  /** A run executing on one instance, its upstream answer held after the first piece. */
  private record HeldRun(String runId, CountDownLatch release) {}

  /**
   * Starts runs through {@code via} until one is executed by the instance {@code instanceId}
   * (another instance may claim a run first), its answer held after the first piece until the
   * returned latch opens.
   */
  private static HeldRun runHeldBy(Http via, String instanceId, List<String> answer)
      throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      CountDownLatch release = new CountDownLatch(1);
      stub.answer(answer);
      stub.holdAfterFirstChunk(release);
      String candidate = start(via, thread(via), "{\"prompt\":\"go\"}");
      awaitStatus(owner.http(), candidate, "running", Duration.ofSeconds(20));
      String lease = leaseOwner(candidate);
      if (lease != null && lease.startsWith(instanceId + "/")) {
        return new HeldRun(candidate, release);
      }
      stub.holdAfterFirstChunk(null);
      owner.http().post("api/agent-run/" + candidate + "/stop", "");
      release.countDown();
    }
    throw new AssertionError(instanceId + " executed none of five runs started through it");
  }

  private static void assertEveryEventOnceInOrder(List<JsonObject> events) {
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i).getInt("sequence"), "gapless, in order: " + events);
    }
    assertEquals(
        1, events.stream().filter(e -> "control".equals(e.getString("type"))).count(), "one end");
  }

  @Test
  void aClientThatLosesItsConnectionMidRunResumesWithEveryEventOnce() throws Exception {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      pieces.add("w" + i + " ");
    }
    stub.answer(pieces);
    stub.chunkDelay(Duration.ofMillis(60));
    String threadId = thread(owner.http());
    String runId = start(owner.http(), threadId, "{\"prompt\":\"long answer\"}");
    try (LibraryClient client =
        new LibraryClient(owner.http().uri("api/agent-run/" + runId + "/stream"))) {
      MessageEvent early = client.received.poll(30, TimeUnit.SECONDS);
      assertTrue(early != null, "the stream started");
      List<MessageEvent> firstPart = new ArrayList<>(List.of(early));
      while (firstPart.size() < 5) {
        firstPart.add(client.received.poll(30, TimeUnit.SECONDS));
      }
      client.source.interrupt(); // the connection drops mid-run; the library reconnects
      List<JsonObject> rest = client.untilEnd(Duration.ofSeconds(60));
      List<JsonObject> all = new ArrayList<>();
      for (MessageEvent e : firstPart) {
        try (var reader = Jsons.reader(e.getData())) {
          all.add(reader.readObject());
        }
      }
      all.addAll(rest);
      assertTrue(client.opened.get() >= 2, "it reconnected");
      assertEveryEventOnceInOrder(all);
      String text =
          all.stream()
              .filter(e -> "content".equals(e.getString("type")))
              .map(e -> e.getString("content"))
              .reduce("", String::concat);
      assertEquals(String.join("", pieces), text);
    }
  }

  @Test
  void aRunStartedThroughOneInstanceStreamsToTheOtherAndStopsThroughIt() throws Exception {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pieces.add("x" + i + " ");
    }
    stub.answer(pieces);
    stub.chunkDelay(Duration.ofMillis(50));
    String threadId = thread(owner.http());
    String runId = start(owner.http(), threadId, "{\"prompt\":\"talk\"}");
    try (LibraryClient client =
        new LibraryClient(second.baseUri().resolve("api/agent-run/" + runId + "/stream"))) {
      boolean content = false;
      while (!content) {
        MessageEvent e = client.received.poll(30, TimeUnit.SECONDS);
        assertTrue(e != null, "events reach the other instance's client live");
        content = e.getData().contains("\"type\":\"content\"");
      }
      long asked = System.nanoTime();
      Http.Reply stopped = on(second).post("api/agent-run/" + runId + "/stop", "");
      assertEquals(200, stopped.status(), stopped.toString());
      List<JsonObject> rest = client.untilEnd(Duration.ofSeconds(10));
      long tookMillis = (System.nanoTime() - asked) / 1_000_000;
      JsonObject end = rest.get(rest.size() - 1);
      assertEquals("END_STREAM", end.getString("signal"));
      assertEquals("stopped", end.getString("status"));
      assertTrue(tookMillis < 2000, "stopped through the other instance in " + tookMillis + " ms");
    }
    assertEquals("stopped", owner.http().get("api/agent-run/" + runId).json().getString("status"));
  }

  @Test
  void anApprovalGivenThroughTheOtherInstanceResumesTheRun() throws Exception {
    Http.Reply agent =
        owner
            .http()
            .post(
                "api/agents",
                "{\"name\":\"Careful\",\"tools\":[\"current_time\"],"
                    + "\"tools_needing_approval\":[\"current_time\"]}");
    assertEquals(201, agent.status(), agent.toString());
    stub.callNext(new StubOpenAiServer.ScriptedCall("call_x1", "current_time", "{}"));
    String threadId = thread(owner.http());
    String runId =
        start(
            owner.http(),
            threadId,
            "{\"prompt\":\"time\",\"agent_id\":\"" + agent.json().getString("agent_id") + "\"}");
    awaitStatus(owner.http(), runId, "awaiting_approval", Duration.ofSeconds(30));
    Http.Reply approved =
        on(second).post("api/agent-run/" + runId + "/approve", "{\"approved\":true}");
    assertEquals(200, approved.status(), approved.toString());
    awaitStatus(owner.http(), runId, "completed", Duration.ofSeconds(30));
  }

  @Test
  void whenTheInstanceRunningARunIsKilledTheOtherFinishesItLosingAndDoublingNothing()
      throws Exception {
    HeldRun held = null;
    try (SecondInstance doomed =
        SecondInstance.start(
            "runs-doomed",
            Map.of(),
            List.of(
                "-Dmainspring.instance-id=doomed",
                "-Dmainspring.runs.poll-ms=20",
                "-Dmainspring.runs.lease-seconds=3"))) {
      held = runHeldBy(on(doomed), "doomed", List.of("Survived ", "the ", "crash."));
      String doomedRun = held.runId();
      // It streams the first piece, then the upstream holds: kill -9 it mid-answer.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!stub.sentPayloads().stream().anyMatch(p -> p.contains("Survived"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300);
      doomed.kill();
      held.release().countDown();

      try (LibraryClient client =
          new LibraryClient(owner.http().uri("api/agent-run/" + doomedRun + "/stream"))) {
        List<JsonObject> events = client.untilEnd(Duration.ofSeconds(60));
        assertEveryEventOnceInOrder(events);
        JsonObject end = events.get(events.size() - 1);
        assertEquals("END_STREAM", end.getString("signal"));
        assertEquals("completed", end.getString("status"));
        JsonObject run = owner.http().get("api/agent-run/" + doomedRun).json();
        assertEquals("completed", run.getString("status"));
        String threadId = run.getString("thread_id");
        List<JsonObject> thread =
            owner
                .http()
                .get("api/threads/" + threadId + "/messages?order=asc")
                .json()
                .getJsonArray("messages")
                .getValuesAs(JsonObject.class);
        assertEquals(
            List.of("user", "assistant"), thread.stream().map(m -> m.getString("role")).toList());
        assertEquals(
            "Survived the crash.", thread.get(1).getJsonObject("content").getString("text"));
        String kept = thread.get(1).getString("message_id");
        List<String> abandoned =
            events.stream()
                .filter(e -> "content".equals(e.getString("type")))
                .map(e -> e.getString("message_id"))
                .filter(id -> !id.equals(kept))
                .distinct()
                .toList();
        List<String> discarded =
            events.stream()
                .filter(e -> "step_restarted".equals(e.getString("type")))
                .flatMap(
                    e ->
                        e
                            .getJsonArray("discard_message_ids")
                            .getValuesAs(JsonString::getString)
                            .stream())
                .toList();
        assertEquals(abandoned, discarded, "what the dead instance streamed is announced void");
        assertEquals(
            "Survived the crash.",
            events.stream()
                .filter(e -> "content".equals(e.getString("type")))
                .filter(e -> e.getString("message_id").equals(kept))
                .map(e -> e.getString("content"))
                .reduce("", String::concat),
            "the answer was streamed whole by the instance that took over");
        assertTrue(leaseOwner(doomedRun) == null, "ended runs hold no lease");
      }
    } finally {
      if (held != null) {
        held.release().countDown();
      }
      stub.holdAfterFirstChunk(null);
    }
  }
}
