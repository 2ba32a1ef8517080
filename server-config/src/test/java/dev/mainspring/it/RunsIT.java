package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import dev.mainspring.it.RunStreams.Frame;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's agent runs on the real server and database, against a scripted model: a run streams
 * and lands its messages, tool calls run through the registry, approvals pause and resume, stop,
 * the checks before a start, the multitask strategies, and what another organization sees.
 */
class RunsIT extends ApiTest {

  private static StubOpenAiServer stub;
  private static String chatModel;
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
      stub.clearScript();
      stub.converse(true);
      stub.chunkDelay(Duration.ZERO);
      stub.answer(List.of("Hello", ",", " world", "!"));
      return;
    }
    Http admin = Accounts.superadmin(anonymous);
    chatModel = "run-chat-" + UUID.randomUUID().toString().substring(0, 8);
    stub = StubOpenAiServer.start();
    stub.converse(true);
    String provider =
        ModelPlatform.provider(
            admin, "stub-" + chatModel, stub.baseUrl(), null, "{\"max_concurrency\":300}");
    String modelId = ModelPlatform.activeChatModel(admin, chatModel, provider);
    ModelPlatform.activeDeployment(
        admin, "runs-" + chatModel, ModelPlatform.binding("llm_inference", provider, modelId));
    Thread.sleep(300);
    owner = Accounts.withOrganization(anonymous, "runs-owner");
  }

  private static String thread(Http client) {
    Http.Reply made = client.post("api/threads", "{\"title\":\"run thread\"}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("thread_id");
  }

  private static String agent(Http client, String tools, String approval) {
    Http.Reply made =
        client.post(
            "api/agents",
            "{\"name\":\"Runner\",\"instructions\":\"Answer briefly.\",\"tools\":"
                + tools
                + ",\"tools_needing_approval\":"
                + approval
                + ",\"step_limit\":5}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("agent_id");
  }

  private static JsonObject start(Http client, String threadId, String json) {
    Http.Reply started = client.post("api/thread/" + threadId + "/agent/start", json);
    assertEquals(200, started.status(), started.toString());
    return started.json();
  }

  private URI stream(String runId) {
    return owner.http().uri("api/agent-run/" + runId + "/stream");
  }

  private static JsonObject awaitStatus(Http client, String runId, String status)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
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

  private static List<String> types(List<Frame> frames) {
    return frames.stream().map(Frame::type).toList();
  }

  private static void assertGapless(List<Frame> frames, long from) {
    long expected = from;
    for (Frame frame : frames) {
      assertEquals(expected, frame.id(), "frame ids are the gapless sequence: " + frames);
      assertEquals(expected, frame.data().getJsonNumber("sequence").longValue());
      assertEquals("message", frame.event());
      expected++;
    }
  }

  @Test
  void aRunCallsItsToolFeedsTheResultBackAndLandsEveryMessageInTheThread() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    String agentId = agent(client, "[\"current_time\"]", "[]");
    stub.callNext(
        new StubOpenAiServer.ScriptedCall(
            "call_t1", "current_time", "{\"timezone\":\"Asia/Tokyo\"}"));

    JsonObject started =
        start(
            client,
            threadId,
            "{\"prompt\":\"What time is it in Tokyo?\",\"agent_id\":\"" + agentId + "\"}");
    String runId = started.getString("agent_run_id");
    assertEquals(runId, started.getString("id"));
    assertEquals(threadId, started.getString("thread_id"));

    RunStreams.Read read =
        RunStreams.read(
            stream(runId),
            owner.token(),
            null,
            f -> "control".equals(f.type()),
            Duration.ofSeconds(60));
    assertEquals("no-cache", read.response().headers().firstValue("Cache-Control").orElse(""));
    assertEquals("no", read.response().headers().firstValue("X-Accel-Buffering").orElse(""));
    List<Frame> events = RunStreams.events(read.frames());
    assertGapless(events, 1);
    List<String> types = types(events);
    assertEquals("status", types.get(0));
    assertEquals("queued", events.get(0).data().getString("status"));
    Frame call =
        events.stream().filter(f -> f.type().equals("tool_call")).findFirst().orElseThrow();
    assertEquals("current_time", call.data().getString("tool"));
    assertEquals("call_t1", call.data().getString("call_id"));
    assertEquals("Asia/Tokyo", call.data().getJsonObject("arguments").getString("timezone"));
    Frame result =
        events.stream().filter(f -> f.type().equals("tool_result")).findFirst().orElseThrow();
    assertEquals("done", result.data().getString("status"));
    assertTrue(result.data().getString("result").contains("Asia/Tokyo"), result.toString());
    String text =
        events.stream()
            .filter(f -> f.type().equals("content"))
            .map(f -> f.data().getString("content"))
            .reduce("", String::concat);
    assertEquals("Hello, world!", text);
    Frame last = events.get(events.size() - 1);
    assertEquals("control", last.type());
    assertEquals("END_STREAM", last.data().getString("signal"));
    assertTrue(types.indexOf("tool_result") < types.lastIndexOf("content"));

    // The tool's result went back to the model, as a tool message answering its call.
    String secondRequest = stub.requestBodies().get(stub.requestBodies().size() - 1);
    assertTrue(secondRequest.contains("\"tool_call_id\":\"call_t1\""), secondRequest);
    assertTrue(secondRequest.contains("Answer briefly."), "the agent's instructions lead");

    JsonObject run = awaitStatus(client, runId, "completed");
    assertEquals(2, run.getInt("steps"));
    assertEquals(agentId, run.getString("agent_id"));
    assertNotNull(run.getString("completed_at"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (run.getJsonObject("usage").getInt("model_calls") < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      run = client.get("api/agent-run/" + runId).json();
    }
    assertEquals(2, run.getJsonObject("usage").getInt("model_calls"), run.toString());
    assertTrue(run.getJsonObject("usage").getInt("total_tokens") > 0);

    List<JsonObject> messages =
        client
            .get("api/threads/" + threadId + "/messages?order=asc")
            .json()
            .getJsonArray("messages")
            .getValuesAs(JsonObject.class);
    assertEquals(
        List.of("user", "assistant", "tool", "assistant"),
        messages.stream().map(m -> m.getString("role")).toList());
    assertEquals("Hello, world!", messages.get(3).getJsonObject("content").getString("text"));
    String finalMessageId = messages.get(3).getString("message_id");
    assertTrue(
        events.stream()
            .filter(f -> f.type().equals("content"))
            .allMatch(f -> f.data().getString("message_id").equals(finalMessageId)),
        "content events name the message they became");

    // A client that comes after the end gets the whole run; one that resumes gets the rest only.
    List<Frame> again = RunStreams.events(RunStreams.whole(stream(runId), owner.token(), null));
    assertEquals(types, types(again));
    List<Frame> rest = RunStreams.events(RunStreams.whole(stream(runId), owner.token(), "3"));
    assertGapless(rest, 4);
    assertEquals(types.subList(3, types.size()), types(rest));

    List<JsonObject> listed =
        client
            .get("api/thread/" + threadId + "/agent-runs")
            .json()
            .getJsonArray("agent_runs")
            .getValuesAs(JsonObject.class);
    assertEquals(runId, listed.get(0).getString("id"));
    JsonObject status = client.get("api/agent-run/" + runId + "/status").json();
    assertEquals("completed", status.getString("status"));
  }

  @Test
  void aToolNeedingApprovalPausesTheRunUntilDecidedWithEditedArguments() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    String agentId = agent(client, "[\"current_time\"]", "[\"current_time\"]");
    stub.callNext(new StubOpenAiServer.ScriptedCall("call_a1", "current_time", "{}"));

    String runId =
        start(client, threadId, "{\"prompt\":\"time?\",\"agent_id\":\"" + agentId + "\"}")
            .getString("agent_run_id");
    JsonObject waiting = awaitStatus(client, runId, "awaiting_approval");
    JsonObject pending = waiting.getJsonArray("pending_approvals").getJsonObject(0);
    assertEquals("call_a1", pending.getString("call_id"));
    assertEquals("current_time", pending.getString("tool"));

    assertProblem(
        client.post("api/agent-run/" + runId + "/approve", "{\"call_id\":\"call_a1\"}"),
        400,
        "invalid_approved");
    assertProblem(
        client.post(
            "api/agent-run/" + runId + "/approve", "{\"call_id\":\"nope\",\"approved\":true}"),
        404,
        "tool_call_not_found");
    Thread.sleep(500);
    assertEquals(
        "awaiting_approval",
        client.get("api/agent-run/" + runId).json().getString("status"),
        "a refused decision changes nothing, and the run waits however long it takes");

    Http.Reply approved =
        client.post(
            "api/agent-run/" + runId + "/approve",
            "{\"call_id\":\"call_a1\",\"approved\":true,\"arguments\":{\"timezone\":\"Europe/Paris\"}}");
    assertEquals(200, approved.status(), approved.toString());
    awaitStatus(client, runId, "completed");
    List<Frame> events = RunStreams.events(RunStreams.whole(stream(runId), owner.token(), null));
    assertGapless(events, 1);
    assertTrue(
        events.stream()
            .anyMatch(
                f ->
                    f.type().equals("status")
                        && f.data().getString("status").equals("awaiting_approval")));
    Frame result =
        events.stream().filter(f -> f.type().equals("tool_result")).findFirst().orElseThrow();
    assertTrue(result.data().getString("result").contains("Europe/Paris"), result.toString());
    assertProblem(
        client.post("api/agent-run/" + runId + "/approve", "{\"approved\":true}"),
        409,
        "run_not_awaiting_approval");
  }

  @Test
  void aDeniedToolCallIsToldToTheModelAndTheRunGoesOn() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    String agentId = agent(client, "[\"search_threads\"]", "[\"search_threads\"]");
    stub.callNext(
        new StubOpenAiServer.ScriptedCall("call_d1", "search_threads", "{\"query\":\"secret\"}"));
    String runId =
        start(client, threadId, "{\"prompt\":\"search\",\"agent_id\":\"" + agentId + "\"}")
            .getString("agent_run_id");
    awaitStatus(client, runId, "awaiting_approval");

    Http.Reply denied =
        client.post(
            "api/agent-run/" + runId + "/approve", "{\"approved\":false,\"reason\":\"not now\"}");
    assertEquals(200, denied.status(), denied.toString());
    awaitStatus(client, runId, "completed");
    List<Frame> events = RunStreams.events(RunStreams.whole(stream(runId), owner.token(), null));
    Frame result =
        events.stream().filter(f -> f.type().equals("tool_result")).findFirst().orElseThrow();
    assertEquals("denied", result.data().getString("status"));
    String lastRequest = stub.requestBodies().get(stub.requestBodies().size() - 1);
    assertTrue(lastRequest.contains("denied this tool call: not now"), lastRequest);
  }

  @Test
  void stopEndsTheModelCallWithinASecond() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pieces.add("word" + i + " ");
    }
    stub.answer(pieces);
    stub.chunkDelay(Duration.ofMillis(100));
    String runId = start(client, threadId, "{\"prompt\":\"talk\"}").getString("agent_run_id");
    RunStreams.read(
        stream(runId),
        owner.token(),
        null,
        f -> "content".equals(f.type()),
        Duration.ofSeconds(30));

    long asked = System.nanoTime();
    Http.Reply stopped = client.post("api/agent-run/" + runId + "/stop", "");
    assertEquals(200, stopped.status(), stopped.toString());
    awaitStatus(client, runId, "stopped");
    assertTrue(stub.awaitClientGone(Duration.ofSeconds(2)), "the upstream call was closed");
    long tookMillis = (System.nanoTime() - asked) / 1_000_000;
    assertTrue(tookMillis < 1500, "stopped in " + tookMillis + " ms");
    List<Frame> events = RunStreams.events(RunStreams.whole(stream(runId), owner.token(), null));
    Frame last = events.get(events.size() - 1);
    assertEquals("END_STREAM", last.data().getString("signal"));
    assertEquals("stopped", last.data().getString("status"));
    Http.Reply again = client.post("api/agent-run/" + runId + "/stop", "");
    assertEquals("stopped", again.json().getString("status"), "stopping twice is harmless");
  }

  @Test
  void theChecksBeforeAStartRefuseWithWhatTheClientNeedsAndQueueNothing() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    Http.Reply forbidden =
        client.post(
            "api/thread/" + threadId + "/agent/start",
            "{\"prompt\":\"x\",\"model_name\":\"not-a-model\"}");
    assertProblem(forbidden, 403, "model_not_allowed");
    JsonObject problem = forbidden.json();
    assertTrue(
        problem
            .getJsonArray("allowed_models")
            .getValuesAs(JsonString::getString)
            .contains(chatModel),
        problem.toString());
    assertProblem(
        client.post(
            "api/thread/" + threadId + "/agent/start",
            "{\"prompt\":\"x\",\"multitask_strategy\":\"sometimes\"}"),
        400,
        "invalid_multitask_strategy");
    assertEquals(
        0,
        client
            .get("api/thread/" + threadId + "/agent-runs")
            .json()
            .getJsonArray("agent_runs")
            .size());
    assertEquals(
        0,
        client.get("api/threads/" + threadId + "/messages").json().getJsonArray("messages").size(),
        "the prompt of a refused start is not posted");

    // The user's limit of active runs: 10 slow runs (10 s each, so none ends before the
    // eleventh start even on a loaded machine; they are stopped at the end), then an eleventh is
    // refused.
    stub.chunkDelay(Duration.ofMillis(1000));
    stub.answer(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
    Accounts.Account busy = Accounts.withOrganization(anonymous, "runs-busy");
    List<String> threads = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String t = thread(busy.http());
      threads.add(t);
      runs.add(start(busy.http(), t, "{\"prompt\":\"go\"}").getString("agent_run_id"));
    }
    String eleventh = thread(busy.http());
    Http.Reply refused =
        busy.http().post("api/thread/" + eleventh + "/agent/start", "{\"prompt\":\"go\"}");
    assertProblem(refused, 429, "too_many_active_runs");
    assertNotNull(refused.header("Retry-After"));
    JsonObject tooMany = refused.json();
    assertEquals(
        threads.stream().sorted().toList(),
        tooMany.getJsonArray("running_thread_ids").getValuesAs(JsonString::getString).stream()
            .sorted()
            .toList());
    for (String run : runs) {
      busy.http().post("api/agent-run/" + run + "/stop", "");
    }
  }

  @Test
  void multitaskStrategiesRejectEnqueueOrInterruptTheActiveRun() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    stub.chunkDelay(Duration.ofMillis(100));
    stub.answer(List.of("one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight "));
    String first = start(client, threadId, "{\"prompt\":\"first\"}").getString("agent_run_id");

    Http.Reply refused =
        client.post("api/thread/" + threadId + "/agent/start", "{\"prompt\":\"second\"}");
    assertProblem(refused, 409, "thread_busy");
    JsonObject busy = refused.json();
    assertEquals(first, busy.getJsonArray("active_run_ids").getString(0));

    String queued =
        start(client, threadId, "{\"prompt\":\"second\",\"multitask_strategy\":\"enqueue\"}")
            .getString("agent_run_id");
    JsonObject firstDone = awaitStatus(client, first, "completed");
    JsonObject queuedDone = awaitStatus(client, queued, "completed");
    assertTrue(
        queuedDone.getString("started_at").compareTo(firstDone.getString("completed_at")) >= 0,
        "the enqueued run started after the first ended");

    String third = start(client, threadId, "{\"prompt\":\"third\"}").getString("agent_run_id");
    String fourth =
        start(client, threadId, "{\"prompt\":\"fourth\",\"multitask_strategy\":\"interrupt\"}")
            .getString("agent_run_id");
    awaitStatus(client, third, "stopped");
    awaitStatus(client, fourth, "completed");
  }

  @Test
  void startAndInitiateTakeFormDataAsKortixClientsSendIt() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    Http.Reply form =
        client.send(
            "POST",
            "api/thread/" + threadId + "/agent/start",
            BodyPublishers.ofString("prompt=hi+there&model_name=" + chatModel + "&stream=true"),
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertEquals(200, form.status(), form.toString());
    assertEquals(chatModel, form.json().getString("model"));
    awaitStatus(client, form.json().getString("agent_run_id"), "completed");

    String boundary = "----mainspring" + UUID.randomUUID();
    String multipart =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nPlan a trip to Kyoto\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"enable_thinking\"\r\n\r\nfalse\r\n--"
            + boundary
            + "--\r\n";
    Http.Reply initiated =
        client.send(
            "POST",
            "api/agent/initiate",
            BodyPublishers.ofString(multipart),
            "Content-Type",
            "multipart/form-data; boundary=" + boundary);
    assertEquals(200, initiated.status(), initiated.toString());
    String runId = initiated.json().getString("agent_run_id");
    String newThread = initiated.json().getString("thread_id");
    String project = initiated.json().getString("project_id");
    assertEquals(
        "Plan a trip to Kyoto", client.get("api/threads/" + newThread).json().getString("title"));
    assertEquals(project, client.get("api/threads/" + newThread).json().getString("project_id"));
    awaitStatus(client, runId, "completed");
    assertProblem(client.post("api/agent/initiate", "{\"prompt\":\"  \"}"), 400, "prompt_required");
  }

  @Test
  void anotherOrganizationSeesNoneOfTheRunsAndCannotControlThem() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    String runId = start(client, threadId, "{\"prompt\":\"mine\"}").getString("agent_run_id");
    awaitStatus(client, runId, "completed");

    Accounts.Account stranger = Accounts.withOrganization(anonymous, "runs-stranger");
    Http other = stranger.http();
    assertProblem(other.get("api/agent-run/" + runId), 404, "agent_run_not_found");
    assertProblem(other.get("api/agent-run/" + runId + "/status"), 404, "agent_run_not_found");
    assertProblem(other.post("api/agent-run/" + runId + "/stop", ""), 404, "agent_run_not_found");
    assertProblem(
        other.post("api/agent-run/" + runId + "/approve", "{\"approved\":true}"),
        404,
        "agent_run_not_found");
    assertProblem(other.get("api/agent-run/" + runId + "/stream"), 404, "agent_run_not_found");
    assertProblem(other.get("api/thread/" + threadId + "/agent-runs"), 404, "thread_not_found");
    assertProblem(
        other.post("api/thread/" + threadId + "/agent/start", "{\"prompt\":\"theirs\"}"),
        404,
        "thread_not_found");
    assertProblem(anonymous.get("api/agent-run/" + runId), 401, "unauthenticated");
    assertEquals(
        2,
        client.get("api/threads/" + threadId + "/messages").json().getJsonArray("messages").size(),
        "nothing the stranger tried wrote to the thread: the prompt and the answer only");
    assertNotEquals(owner.userId(), stranger.userId());
  }

  @Test
  void aFailingModelFailsTheRunWithAPlainError() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    stub.failNext(StubOpenAiServer.status(400));
    String runId = start(client, threadId, "{\"prompt\":\"fail\"}").getString("agent_run_id");
    JsonObject failed = awaitStatus(client, runId, "failed");
    JsonObject error = failed.getJsonObject("error");
    assertNotNull(error.getString("code"));
    assertFalse(error.getString("message").contains("127.0.0.1"), error.toString());
    List<Frame> events = RunStreams.events(RunStreams.whole(stream(runId), owner.token(), null));
    Frame last = events.get(events.size() - 1);
    assertEquals("ERROR", last.data().getString("signal"));
  }

  @Test
  void membersReadEveryRunButOnlyItsStarterOrAnAdminControlsItAndKeysNeedTheirScopes()
      throws Exception {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "runs-admin");
    Accounts.Account member = Accounts.registered(anonymous, "runs-member");
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    Http asMember = member.http().withHeader("X-Org-Id", admin.orgId());
    String agentId = agent(admin.http(), "[\"current_time\"]", "[\"current_time\"]");
    stub.callNext(new StubOpenAiServer.ScriptedCall("call_r1", "current_time", "{}"));
    String threadId = thread(admin.http());
    String runId =
        start(admin.http(), threadId, "{\"prompt\":\"t\",\"agent_id\":\"" + agentId + "\"}")
            .getString("agent_run_id");
    awaitStatus(admin.http(), runId, "awaiting_approval");

    assertEquals(200, asMember.get("api/agent-run/" + runId).status());
    assertEquals(200, asMember.get("api/thread/" + threadId + "/agent-runs").status());
    assertProblem(asMember.post("api/agent-run/" + runId + "/stop", ""), 403, "not_run_starter");
    assertProblem(
        asMember.post("api/agent-run/" + runId + "/approve", "{\"approved\":true}"),
        403,
        "not_run_starter");
    assertEquals(
        "awaiting_approval", admin.http().get("api/agent-run/" + runId).json().getString("status"));

    // ?token= opens the stream for EventSource clients; another organization's token finds nothing.
    List<Frame> viaQuery =
        RunStreams.events(
            RunStreams.read(
                    admin.http().uri("api/agent-run/" + runId + "/stream?token=" + admin.token()),
                    null,
                    null,
                    f ->
                        "status".equals(f.type())
                            && "awaiting_approval".equals(f.data().getString("status")),
                    Duration.ofSeconds(30))
                .frames());
    assertEquals("queued", viaQuery.get(0).data().getString("status"));
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "runs-token-stranger");
    assertEquals(
        404,
        anonymous
            .get(
                "api/agent-run/" + runId + "/stream?token=" + stranger.token(),
                "Accept",
                "text/event-stream")
            .status());
    assertEquals(
        401, anonymous.get("api/agent-run/" + runId + "/stream?token=not-a-token").status());

    String readOnly =
        ModelPlatform.created(
                admin.http().post("api-keys", "{\"name\":\"ro\",\"scopes\":[\"agents:read\"]}"))
            .getString("secret");
    Http key = anonymous.withHeader("Authorization", "Bearer " + readOnly);
    assertEquals(200, key.get("api/agent-run/" + runId).status());
    assertProblem(
        key.post("api/thread/" + threadId + "/agent/start", "{\"multitask_strategy\":\"enqueue\"}"),
        403,
        "insufficient_scope");
    assertProblem(key.post("api/agent-run/" + runId + "/stop", ""), 403, "insufficient_scope");

    Http.Reply stopped = admin.http().post("api/agent-run/" + runId + "/stop", "");
    assertEquals("stopped", stopped.json().getString("status"), "an admin stops any run");
  }

  /** Runs {@code sql} as the schema owner acting for {@code org}, as a dead instance left it. */
  private static void bend(String org, String sql, String runId) throws Exception {
    try (Connection c = TestDatabase.connect()) {
      try (PreparedStatement bind =
          c.prepareStatement("select set_config('app.org_id', ?, false)")) {
        bind.setString(1, org);
        bind.executeQuery().close();
      }
      try (PreparedStatement update = c.prepareStatement(sql)) {
        update.setString(1, runId);
        assertEquals(1, update.executeUpdate(), sql);
      }
    }
  }

  /** The lease of a run as an instance leaves it when it dies: held by it, and run out. */
  private static final String DIED =
      "update agent_runs set status = 'running', lease_owner = 'dead-instance#1',"
          + " lease_expires_at = now() - interval '1 second' where id = ?::uuid";

  @Test
  void aRunWhoseInstanceDiedMidAnswerIsTakenOverAndItsModelCallMadeAgain() throws Exception {
    Http client = owner.http();
    String threadId = thread(client);
    CountDownLatch release = new CountDownLatch(1);
    stub.answer(List.of("The ", "answer ", "is ", "42."));
    stub.holdAfterFirstChunk(release);
    try {
      String runId = start(client, threadId, "{\"prompt\":\"question\"}").getString("agent_run_id");
      List<Frame> first =
          RunStreams.read(
                  stream(runId),
                  owner.token(),
                  null,
                  f -> "content".equals(f.type()),
                  Duration.ofSeconds(30))
              .frames();
      String abandoned = first.get(first.size() - 1).data().getString("message_id");

      // The instance streaming the answer dies: its lease is left to run out.
      bend(owner.orgId(), DIED, runId);
      Thread.sleep(1500);
      release.countDown();

      awaitStatus(client, runId, "completed");
      List<Frame> events = RunStreams.events(RunStreams.whole(stream(runId), owner.token(), null));
      assertGapless(events, 1);
      Frame restarted =
          events.stream()
              .filter(f -> f.type().equals("step_restarted"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no step_restarted in " + events));
      assertEquals(1, restarted.data().getInt("step"));
      assertEquals(
          List.of(abandoned),
          restarted.data().getJsonArray("discard_message_ids").getValuesAs(JsonString::getString));
      List<JsonObject> messages =
          client
              .get("api/threads/" + threadId + "/messages?order=asc")
              .json()
              .getJsonArray("messages")
              .getValuesAs(JsonObject.class);
      assertEquals(
          List.of("user", "assistant"), messages.stream().map(m -> m.getString("role")).toList());
      String kept = messages.get(1).getString("message_id");
      assertNotEquals(abandoned, kept);
      assertEquals("The answer is 42.", messages.get(1).getJsonObject("content").getString("text"));
      String after =
          events.subList(events.indexOf(restarted), events.size()).stream()
              .filter(f -> f.type().equals("content"))
              .peek(f -> assertEquals(kept, f.data().getString("message_id")))
              .map(f -> f.data().getString("content"))
              .reduce("", String::concat);
      assertEquals("The answer is 42.", after, "the step was streamed again, whole");
      assertEquals(1, events.stream().filter(f -> f.type().equals("control")).count(), "one end");
    } finally {
      release.countDown();
      stub.holdAfterFirstChunk(null);
    }
  }

  @Test
  void aToolCallStartedWhenItsInstanceDiedRunsAgainOnlyIfItsToolIsIdempotent() throws Exception {
    Http client = owner.http();
    String agentId = agent(client, "[\"current_time\"]", "[\"current_time\"]");

    String idempotent = thread(client);
    stub.callNext(new StubOpenAiServer.ScriptedCall("call_c1", "current_time", "{}"));
    String rerun =
        start(client, idempotent, "{\"prompt\":\"time\",\"agent_id\":\"" + agentId + "\"}")
            .getString("agent_run_id");
    awaitStatus(client, rerun, "awaiting_approval");
    bend(
        owner.orgId(),
        "update agent_run_tool_calls set status = 'started' where run_id = ?::uuid",
        rerun);
    bend(owner.orgId(), DIED, rerun);
    awaitStatus(client, rerun, "completed");
    List<Frame> events = RunStreams.events(RunStreams.whole(stream(rerun), owner.token(), null));
    assertEquals(1, events.stream().filter(f -> f.type().equals("tool_result")).count());

    String unsafe = thread(client);
    stub.callNext(new StubOpenAiServer.ScriptedCall("call_c2", "current_time", "{}"));
    String failed =
        start(client, unsafe, "{\"prompt\":\"time\",\"agent_id\":\"" + agentId + "\"}")
            .getString("agent_run_id");
    awaitStatus(client, failed, "awaiting_approval");
    // A tool that is not idempotent (one the server no longer has counts as such).
    bend(
        owner.orgId(),
        "update agent_run_tool_calls set status = 'started', tool = 'send_invoice'"
            + " where run_id = ?::uuid",
        failed);
    bend(owner.orgId(), DIED, failed);
    JsonObject run = awaitStatus(client, failed, "failed");
    assertEquals("tool_interrupted", run.getJsonObject("error").getString("code"));
    List<Frame> failedEvents =
        RunStreams.events(RunStreams.whole(stream(failed), owner.token(), null));
    assertEquals(0, failedEvents.stream().filter(f -> f.type().equals("tool_result")).count());
    assertEquals("ERROR", failedEvents.get(failedEvents.size() - 1).data().getString("signal"));
  }

  @Test
  void twoHundredConcurrentRunsAllFinishAndEveryModelCallIsMeteredOnce() throws Exception {
    stub.chunkDelay(Duration.ofMillis(5));
    int accounts = 20;
    int perAccount = 10;
    List<Accounts.Account> users = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      users.add(Accounts.withOrganization(anonymous, "runs-load-" + i));
    }
    List<String> runIds = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.ExecutorService starters =
        java.util.concurrent.Executors.newFixedThreadPool(accounts);
    try {
      List<java.util.concurrent.Future<?>> started = new ArrayList<>();
      for (Accounts.Account user : users) {
        started.add(
            starters.submit(
                () -> {
                  for (int r = 0; r < perAccount; r++) {
                    String t = thread(user.http());
                    runIds.add(
                        start(user.http(), t, "{\"prompt\":\"count to four\"}")
                            .getString("agent_run_id"));
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : started) {
        f.get();
      }
    } finally {
      starters.shutdown();
    }
    assertEquals(accounts * perAccount, runIds.size());

    String ids = "'" + String.join("','", runIds) + "'";
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    int completed = 0;
    try (Connection c = TestDatabase.connect()) {
      while (System.nanoTime() < deadline) {
        completed =
            count(
                c,
                "select count(*) from agent_runs where status = 'completed' and id in ("
                    + ids
                    + ")");
        if (completed == runIds.size()) {
          break;
        }
        Thread.sleep(500);
      }
      assertEquals(
          runIds.size(), completed, () -> "every run completed; the others: " + others(c, ids));
      assertEquals(
          0,
          count(c, "select count(*) from agent_runs where claims <> 1 and id in (" + ids + ")"),
          "each run was claimed once");
      // One model call each, metered once with its run's id, with the tokens the stub reported.
      deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      int metered = 0;
      while (System.nanoTime() < deadline) {
        metered = count(c, "select count(*) from usage_records where run_id in (" + ids + ")");
        if (metered >= runIds.size()) {
          break;
        }
        Thread.sleep(200);
      }
      Thread.sleep(500);
      assertEquals(
          runIds.size(),
          count(c, "select count(*) from usage_records where run_id in (" + ids + ")"));
      assertEquals(
          runIds.size(),
          count(
              c,
              "select count(distinct run_id) from usage_records where outcome = 'success'"
                  + " and completion_tokens = 4 and not estimated and run_id in ("
                  + ids
                  + ")"));
      assertEquals(
          runIds.size(),
          count(
              c,
              "select count(*) from event where type = 'control'"
                  + " and stream in (select 'run:' || id from agent_runs where id in ("
                  + ids
                  + "))"));
      assertEquals(
          0,
          count(
              c,
              "select count(*) from (select stream, max(sequence) m, count(*) n from event"
                  + " where stream in (select 'run:' || id from agent_runs where id in ("
                  + ids
                  + "))"
                  + " group by stream) s where m <> n"),
          "every run's events are gapless");
    }
  }

  private static String others(Connection c, String ids) {
    try (PreparedStatement s =
            c.prepareStatement(
                "select id, status, error_code, error_message, claims, steps, lease_owner,"
                    + " lease_expires_at from agent_runs where status <> 'completed' and id in ("
                    + ids
                    + ")");
        java.sql.ResultSet r = s.executeQuery()) {
      List<String> rows = new ArrayList<>();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
          row.add(String.valueOf(r.getObject(i)));
        }
        rows.add(String.join(" ", row));
      }
      return String.join("; ", rows);
    } catch (java.sql.SQLException e) {
      return e.toString();
    }
  }

  private static int count(Connection c, String sql) throws Exception {
    try (PreparedStatement s = c.prepareStatement(sql);
        java.sql.ResultSet r = s.executeQuery()) {
      r.next();
      return r.getInt(1);
    }
  }
}
