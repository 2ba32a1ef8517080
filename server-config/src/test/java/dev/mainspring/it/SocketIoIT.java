package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15's Socket.IO door (document A's realtime command layer), driven by {@code
 * socket.io-client} from npm, the client A's frontends use, over both of its transports: the
 * handshake's authentication, query, plan, continue_run, cancel, subscribe and resume by sequence,
 * unknown events, another organization, and (through the launcher's own deployment at the root
 * context) resuming on another instance and the cut-off of a client that reads too slowly.
 */
class SocketIoIT extends ApiTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static StubOpenAiServer stub;
  private static Accounts.Account owner;

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
      ModelPlatform.reactivateLocalDefault();
    }
  }

  @BeforeEach
  void platform() throws Exception {
    if (stub != null) {
      ModelPlatform.resetStub(stub);
      return;
    }
    stub = ModelPlatform.stubChatDeployment(Accounts.superadmin(anonymous), "sio", 50);
    owner = Accounts.withOrganization(anonymous, "sio-owner");
  }

  private URI socketIo() {
    return anonymous.uri("socket.io");
  }

  private SocketIoDriver connected(Accounts.Account who, String transports) throws Exception {
    SocketIoDriver client = SocketIoDriver.start();
    JsonObject connected =
        client.connect(socketIo(), transports, "\"auth\":{\"token\":\"" + who.token() + "\"}");
    assertEquals("connect", connected.getString("type"), connected.toString());
    return client;
  }

  private static String agent(Http client, String tools, String approval) {
    Http.Reply made =
        client.post(
            "api/agents",
            "{\"name\":\"Socket agent\",\"instructions\":\"Answer briefly.\",\"tools\":"
                + tools
                + ",\"tools_needing_approval\":"
                + approval
                + ",\"step_limit\":5}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("agent_id");
  }

  private static String thread(Http client) {
    Http.Reply made = client.post("api/threads", "{\"title\":\"socket thread\"}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("thread_id");
  }

  private static JsonObject ok(JsonObject ack) {
    assertTrue(ack.getBoolean("ok", false), "the command succeeded: " + ack);
    return ack;
  }

  private static void assertRefused(JsonObject ack, int status, String code) {
    assertFalse(ack.getBoolean("ok", true), "the command was refused: " + ack);
    JsonObject error = ack.getJsonObject("error");
    assertEquals(status, error.getInt("status"), ack.toString());
    assertEquals(code, error.getString("code"), ack.toString());
    assertFalse(error.getString("message").isBlank());
  }

  /** The run's events the client got, waiting for its last (the control event). */
  private static List<JsonObject> wholeRun(SocketIoDriver client, String runId)
      throws InterruptedException {
    client.awaitEvent(
        "run_event",
        e -> runId.equals(e.getString("run_id")) && "control".equals(e.getString("type")),
        WAIT);
    return client.events("run_event").stream()
        .filter(e -> runId.equals(e.getString("run_id")))
        .toList();
  }

  private static void assertGapless(List<JsonObject> events, long from) {
    long expected = from;
    for (JsonObject e : events) {
      assertEquals(expected, e.getJsonNumber("sequence").longValue(), "gapless: " + events);
      expected++;
    }
  }

  private static String content(List<JsonObject> events) {
    return events.stream()
        .filter(e -> "content".equals(e.getString("type")))
        .map(e -> e.getString("content"))
        .collect(Collectors.joining());
  }

  @Test
  void connectingNeedsACredentialAndARefusalSaysWhy() throws Exception {
    try (SocketIoDriver client = SocketIoDriver.start()) {
      JsonObject none = client.connect(socketIo(), "[\"polling\"]", null);
      assertEquals("connect_error", none.getString("type"), none.toString());
      assertEquals("unauthenticated", none.getJsonObject("data").getString("code"));
    }
    try (SocketIoDriver client = SocketIoDriver.start()) {
      JsonObject bad =
          client.connect(socketIo(), "[\"websocket\"]", "\"auth\":{\"token\":\"not.a.token\"}");
      assertEquals("connect_error", bad.getString("type"), bad.toString());
      assertEquals("invalid_token", bad.getJsonObject("data").getString("code"));
    }
    Accounts.Account lonely = Accounts.registered(anonymous, "sio-lonely");
    try (SocketIoDriver client = SocketIoDriver.start()) {
      JsonObject noOrg =
          client.connect(
              socketIo(), "[\"websocket\"]", "\"auth\":{\"token\":\"" + lonely.token() + "\"}");
      assertEquals(
          "no_organization", noOrg.getJsonObject("data").getString("code"), noOrg.toString());
    }
    // the other ways to present a credential: ?token=, a bearer header, an API key header
    try (SocketIoDriver client = SocketIoDriver.start()) {
      JsonObject viaQuery =
          client.connect(
              socketIo(), "[\"polling\"]", "\"query\":{\"token\":\"" + owner.token() + "\"}");
      assertEquals("connect", viaQuery.getString("type"), viaQuery.toString());
    }
    try (SocketIoDriver client = SocketIoDriver.start()) {
      JsonObject viaHeader =
          client.connect(
              socketIo(),
              "[\"websocket\"]",
              "\"extraHeaders\":{\"Authorization\":\"Bearer " + owner.token() + "\"}");
      assertEquals("connect", viaHeader.getString("type"), viaHeader.toString());
    }
    String key =
        owner
            .http()
            .post(
                "api-keys", "{\"name\":\"socket\",\"scopes\":[\"agents:write\",\"models:write\"]}")
            .json()
            .getString("secret");
    try (SocketIoDriver client = SocketIoDriver.start()) {
      JsonObject viaKey =
          client.connect(
              socketIo(), "[\"polling\"]", "\"extraHeaders\":{\"X-API-Key\":\"" + key + "\"}");
      assertEquals("connect", viaKey.getString("type"), viaKey.toString());
      String threadId = thread(owner.http());
      assertRefused(
          client.ack("query", "{\"thread_id\":\"" + threadId + "\",\"prompt\":\"hi\"}"),
          403,
          "insufficient_scope");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"[\"websocket\"]", "[\"polling\"]"})
  void queryStartsARunAndStreamsItsEventsInOrder(String transports) throws Exception {
    try (SocketIoDriver client = connected(owner, transports)) {
      JsonObject started = ok(client.ack("query", "{\"prompt\":\"Say hello\"}"));
      String runId = started.getJsonObject("run").getString("id");
      String threadId = started.getString("thread_id");
      assertFalse(started.getString("project_id").isBlank(), "a new thread in a new project");
      assertEquals("run", started.getJsonObject("run").getString("mode"));

      List<JsonObject> events = wholeRun(client, runId);
      assertGapless(events, 1);
      assertEquals("Hello, world!", content(events));
      JsonObject last = events.get(events.size() - 1);
      assertEquals("completed", last.getString("status"), last.toString());
      assertEquals(
          "completed", owner.http().get("api/agent-run/" + runId).json().getString("status"));

      // a second query on the same thread, the prompt landing in it
      JsonObject again =
          ok(client.ack("query", "{\"thread_id\":\"" + threadId + "\",\"prompt\":\"And again\"}"));
      String second = again.getJsonObject("run").getString("id");
      assertEquals("Hello, world!", content(wholeRun(client, second)));
      String messages = owner.http().get("api/threads/" + threadId + "/messages").json().toString();
      assertTrue(messages.contains("And again") && messages.contains("Hello, world!"), messages);
    }
  }

  @Test
  void planProposesWithoutOfferingTools() throws Exception {
    String agentId = agent(owner.http(), "[\"current_time\"]", "[]");
    try (SocketIoDriver client = connected(owner, "[\"websocket\"]")) {
      int before = stub.requestBodies().size();
      JsonObject planned =
          ok(client.ack("plan", "{\"prompt\":\"Plan my day\",\"agent_id\":\"" + agentId + "\"}"));
      assertEquals("plan", planned.getJsonObject("run").getString("mode"));
      String runId = planned.getJsonObject("run").getString("id");
      List<JsonObject> events = wholeRun(client, runId);
      assertEquals("completed", events.get(events.size() - 1).getString("status"));
      assertTrue(
          events.stream().noneMatch(e -> e.getString("type").startsWith("tool")),
          "no tool ran: " + events);
      String request = stub.requestBodies().get(before);
      assertFalse(request.contains("\"tools\""), "no tools offered: " + request);
      assertTrue(request.contains("Do not carry out the task yet"), request);
    }
  }

  @Test
  void continueRunDecidesAnApprovalAndCancelStopsARun() throws Exception {
    String agentId = agent(owner.http(), "[\"current_time\"]", "[\"current_time\"]");
    stub.callNext(new StubOpenAiServer.ScriptedCall("call_s1", "current_time", "{}"));
    try (SocketIoDriver client = connected(owner, "[\"polling\",\"websocket\"]")) {
      JsonObject started =
          ok(client.ack("query", "{\"prompt\":\"time?\",\"agent_id\":\"" + agentId + "\"}"));
      String runId = started.getJsonObject("run").getString("id");
      client.awaitEvent(
          "run_event",
          e ->
              "status".equals(e.getString("type"))
                  && "awaiting_approval".equals(e.getString("status")),
          WAIT);
      assertRefused(
          client.ack("continue_run", "{\"run_id\":\"" + runId + "\",\"approved\":\"yes\"}"),
          400,
          "invalid_command");
      JsonObject approved =
          ok(client.ack("continue_run", "{\"run_id\":\"" + runId + "\",\"approved\":true}"));
      assertEquals(runId, approved.getJsonObject("run").getString("id"));
      List<JsonObject> events = wholeRun(client, runId);
      assertGapless(events, 1);
      assertTrue(
          events.stream().anyMatch(e -> "tool_result".equals(e.getString("type"))),
          events.toString());
      assertEquals("completed", events.get(events.size() - 1).getString("status"));

      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        pieces.add("word" + i + " ");
      }
      stub.answer(pieces);
      stub.chunkDelay(Duration.ofMillis(100));
      String talking =
          ok(client.ack("query", "{\"prompt\":\"talk\"}")).getJsonObject("run").getString("id");
      client.awaitEvent(
          "run_event",
          e -> talking.equals(e.getString("run_id")) && "content".equals(e.getString("type")),
          WAIT);
      ok(client.ack("cancel", "{\"run_id\":\"" + talking + "\"}"));
      List<JsonObject> stopped = wholeRun(client, talking);
      assertEquals("stopped", stopped.get(stopped.size() - 1).getString("status"));
      assertRefused(client.ack("cancel", "{}"), 400, "invalid_command");
    }
  }

  @Test
  void subscribingFromASequenceGivesWhatCameAfterItOnce() throws Exception {
    String runId;
    String threadId;
    int total;
    try (SocketIoDriver first = connected(owner, "[\"websocket\"]")) {
      JsonObject started = ok(first.ack("query", "{\"prompt\":\"hello\"}"));
      runId = started.getJsonObject("run").getString("id");
      threadId = started.getString("thread_id");
      total = wholeRun(first, runId).size();
    }
    try (SocketIoDriver later = connected(owner, "[\"polling\"]")) {
      JsonObject resumed =
          ok(later.ack("subscribe", "{\"run_id\":\"" + runId + "\",\"after_sequence\":3}"));
      assertFalse(resumed.getBoolean("ended"));
      List<JsonObject> rest = wholeRun(later, runId);
      assertGapless(rest, 4);
      assertEquals(total - 3, rest.size());
      JsonObject done =
          ok(
              later.ack(
                  "subscribe", "{\"run_id\":\"" + runId + "\",\"after_sequence\":" + total + "}"));
      assertTrue(done.getBoolean("ended"), "nothing more of an ended run: " + done);

      // a thread from its start: what was said so far, then what is said now
      ok(later.ack("subscribe", "{\"thread_id\":\"" + threadId + "\"}"));
      later.awaitEvent(
          "thread_event",
          e -> "message.created".equals(e.getString("type")) && e.toString().contains("hello"),
          WAIT);
      Http.Reply posted =
          owner.http().post("api/threads/" + threadId + "/messages", "{\"content\":\"live note\"}");
      assertEquals(201, posted.status(), posted.toString());
      JsonObject created =
          later.awaitEvent(
              "thread_event",
              e ->
                  "message.created".equals(e.getString("type"))
                      && e.toString().contains("live note"),
              WAIT);
      assertEquals(threadId, created.getString("thread_id"));
      List<Long> sequences =
          later.events("thread_event").stream()
              .map(e -> e.getJsonNumber("sequence").longValue())
              .toList();
      assertEquals(
          sequences.stream().distinct().sorted().toList(), sequences, "in order, each once");
      ok(later.ack("unsubscribe", "{\"thread_id\":\"" + threadId + "\"}"));
      assertRefused(later.ack("subscribe", "{\"run_id\":\"nope\"}"), 400, "invalid_command");
      assertRefused(
          later.ack("subscribe", "{\"run_id\":\"" + runId + "\",\"after_sequence\":-1}"),
          400,
          "invalid_command");
    }
  }

  @Test
  void unknownEventsAreAnsweredNeverDropped() throws Exception {
    try (SocketIoDriver client = connected(owner, "[\"websocket\"]")) {
      assertRefused(client.ack("sandbox_wake", "{}"), 400, "unknown_event");
      client.emit("no_such_thing", "{\"a\":1}");
      JsonObject error =
          client.awaitEvent(
              "command_error", e -> "no_such_thing".equals(e.getString("event", "")), WAIT);
      assertEquals("unknown_event", error.getJsonObject("error").getString("code"));
      assertRefused(
          client.ack("query", "{\"thread_id\":\"x\",\"prompt\":\"hi\"}"), 400, "invalid_command");
      assertRefused(client.ack("query", "{}"), 400, "prompt_required");
      assertRefused(
          client.ack("query", "\"text\"".equals("") ? null : "{\"prompt\":5}"),
          400,
          "invalid_command");
    }
  }

  @Test
  void anotherOrganizationCanNeitherFollowNorControlARun() throws Exception {
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "sio-stranger");
    String agentId = agent(owner.http(), "[\"current_time\"]", "[\"current_time\"]");
    stub.callNext(new StubOpenAiServer.ScriptedCall("call_x1", "current_time", "{}"));
    String runId;
    String threadId;
    try (SocketIoDriver mine = connected(owner, "[\"websocket\"]")) {
      JsonObject started =
          ok(mine.ack("query", "{\"prompt\":\"time?\",\"agent_id\":\"" + agentId + "\"}"));
      runId = started.getJsonObject("run").getString("id");
      threadId = started.getString("thread_id");
      mine.awaitEvent(
          "run_event", e -> "awaiting_approval".equals(e.getString("status", "")), WAIT);
    }
    try (SocketIoDriver theirs = connected(stranger, "[\"polling\"]")) {
      assertRefused(
          theirs.ack("subscribe", "{\"run_id\":\"" + runId + "\"}"), 404, "agent_run_not_found");
      assertRefused(
          theirs.ack("continue_run", "{\"run_id\":\"" + runId + "\",\"approved\":true}"),
          404,
          "agent_run_not_found");
      assertRefused(
          theirs.ack("cancel", "{\"run_id\":\"" + runId + "\"}"), 404, "agent_run_not_found");
      assertRefused(
          theirs.ack("subscribe", "{\"thread_id\":\"" + threadId + "\"}"), 404, "thread_not_found");
      assertRefused(
          theirs.ack("query", "{\"thread_id\":\"" + threadId + "\",\"prompt\":\"x\"}"),
          404,
          "thread_not_found");
      assertTrue(theirs.events("run_event").isEmpty(), "nothing of the run reached them");
    }
    assertEquals(
        "awaiting_approval", owner.http().get("api/agent-run/" + runId).json().getString("status"));
    owner.http().post("api/agent-run/" + runId + "/stop", "");
  }

  @Test
  void theLauncherServesSocketIoAtTheRootAndAClientCutOffThereResumesOnAnotherInstance()
      throws Exception {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      pieces.add("piece" + i + " ");
    }
    stub.answer(pieces);
    stub.chunkDelay(Duration.ofMillis(5));
    String runId;
    int total;
    try (SocketIoDriver client = connected(owner, "[\"websocket\"]")) {
      runId = ok(client.ack("query", "{\"prompt\":\"long\"}")).getJsonObject("run").getString("id");
      total = wholeRun(client, runId).size();
    }
    assertTrue(total > 40, "a run of many events: " + total);
    // Another instance on the same database, started as a user starts it (the launcher, root
    // context), with a small buffer: a long-polling client replaying the whole run cannot take it
    // between two polls and is cut off.
    try (SecondInstance second =
        SecondInstance.start(
            "socketio", Map.of(), List.of("-Dmainspring.socketio.max-buffered-bytes=2048"))) {
      URI root = second.http().uri("socket.io");
      assertEquals("/socket.io", root.getPath());
      long lastSeen;
      try (SocketIoDriver client = SocketIoDriver.start()) {
        JsonObject connected =
            client.connect(root, "[\"polling\"]", "\"auth\":{\"token\":\"" + owner.token() + "\"}");
        assertEquals("connect", connected.getString("type"), connected.toString());
        ok(client.ack("subscribe", "{\"run_id\":\"" + runId + "\",\"after_sequence\":0}"));
        JsonObject cut = client.await(l -> "disconnect".equals(l.getString("type", "")), WAIT);
        assertEquals("io server disconnect", cut.getString("reason"), cut.toString());
        List<JsonObject> got =
            client.events("run_event").stream()
                .filter(e -> runId.equals(e.getString("run_id")))
                .toList();
        assertTrue(got.size() < total, "cut off before the end: " + got.size() + " of " + total);
        assertGapless(got, 1);
        lastSeen =
            got.isEmpty() ? 0 : got.get(got.size() - 1).getJsonNumber("sequence").longValue();
      }
      // it resumes from its last sequence on the main instance: the rest, once, in order
      try (SocketIoDriver again = connected(owner, "[\"websocket\"]")) {
        ok(
            again.ack(
                "subscribe", "{\"run_id\":\"" + runId + "\",\"after_sequence\":" + lastSeen + "}"));
        List<JsonObject> rest = wholeRun(again, runId);
        assertGapless(rest, lastSeen + 1);
        assertEquals(total, lastSeen + rest.size());
        assertEquals("completed", rest.get(rest.size() - 1).getString("status"));
      }
    }
  }
}
