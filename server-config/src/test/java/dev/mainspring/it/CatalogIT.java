package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's document C: the registry and the typed catalog (versions, platform-agent protection,
 * tool-spec constraints), agent projects published into runnable catalog agents, agent executions
 * (public and internal, streamed to the end, 503 {@code EXEC_UPSTREAM_UNAVAILABLE} when the model
 * runtime is down), and playground sessions; with the role and cross-tenant rules of each.
 */
class CatalogIT extends ApiTest {

  private static StubOpenAiServer stub;
  private static Http admin;
  private static Accounts.Account owner;
  private static Accounts.Account stranger;

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
    admin = Accounts.superadmin(anonymous);
    stub = ModelPlatform.stubChatDeployment(admin, "catalog", 50);
    owner = Accounts.withOrganization(anonymous, "catalog-owner");
    stranger = Accounts.withOrganization(anonymous, "catalog-stranger");
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void catalogWritesAreRegistryVersionsAndPlatformAgentsCannotBeDeleted() {
    JsonArray agents = admin.get("v1/catalog/agents").json().getJsonArray("agents");
    JsonObject knowledgeChat = find(agents, "agent.knowledge_chat");
    assertEquals("platform", knowledgeChat.getString("classification"));
    assertTrue(knowledgeChat.getBoolean("knowledge_retrieval"));
    JsonArray tools = admin.get("v1/catalog/tools").json().getJsonArray("tools");
    assertEquals("mcp", find(tools, "tool.web_search").getString("transport"));
    assertEquals("sandbox_http", find(tools, "tool.python_exec").getString("transport"));

    String ref = "agent.it_" + tag();
    Http.Reply made =
        admin.post(
            "v1/catalog/agents",
            "{\"id\":\"" + ref + "\",\"name\":\"Helper\",\"instructions\":\"Help.\"}");
    assertEquals(201, made.status(), made.toString());
    assertEquals("\"1\"", made.header("ETag"));
    assertTrue(made.header("Location").endsWith("/v1/catalog/agents/" + ref));
    assertEquals("platform", made.json().getString("classification"));
    assertProblem(
        admin.post("v1/catalog/agents", "{\"id\":\"" + ref + "\",\"name\":\"Again\"}"),
        409,
        "catalog_agent_exists");

    Http.Reply changed =
        admin.put(
            "v1/catalog/agents/" + ref,
            "{\"name\":\"Helper 2\",\"instructions\":\"Help more.\"}",
            "If-Match",
            "\"1\"");
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(2, changed.json().getInt("version"));
    assertProblem(
        admin.put("v1/catalog/agents/" + ref, "{\"name\":\"Lost\"}", "If-Match", "\"1\""),
        412,
        "precondition_failed");
    assertEquals("Helper 2", admin.get("v1/catalog/agents/" + ref).json().getString("name"));

    // every catalog write is a registry version; the registry is the lower level beneath it
    JsonArray versions = admin.get("v1/registry/agents/" + ref).json().getJsonArray("versions");
    assertEquals(2, versions.size());
    assertEquals(2, versions.getJsonObject(0).getInt("version"));
    assertEquals("Helper", versions.getJsonObject(1).getJsonObject("spec").getString("name"));
    Http.Reply raw =
        admin.post(
            "v1/registry/agents",
            "{\"id\":\"" + ref + "\",\"spec\":{\"name\":\"Raw\",\"instructions\":\"x\"}}");
    assertEquals(201, raw.status(), raw.toString());
    assertEquals(3, raw.json().getInt("version"));
    assertEquals(2, admin.get("v1/catalog/agents/" + ref).json().getInt("version"));
    Http.Reply model =
        admin.post(
            "v1/registry/models", "{\"id\":\"it-model-" + tag() + "\",\"spec\":{\"ctx\":8192}}");
    assertEquals(201, model.status(), model.toString());
    assertEquals(1, model.json().getInt("version"));

    // a platform agent is deactivated by publishing a version, never deleted
    int current = knowledgeChat.getInt("version");
    Http.Reply off =
        admin.put(
            "v1/catalog/agents/agent.knowledge_chat",
            body(knowledgeChat, "inactive"),
            "If-Match",
            "\"" + current + "\"");
    assertEquals(200, off.status(), off.toString());
    assertEquals("inactive", off.json().getString("status"));
    assertEquals(current + 1, off.json().getInt("version"));
    assertProblem(
        admin.delete("v1/catalog/agents/agent.knowledge_chat"),
        409,
        "platform_agent_not_deletable");
    Http.Reply on =
        admin.put("v1/catalog/agents/agent.knowledge_chat", body(knowledgeChat, "active"));
    assertEquals("active", on.json().getString("status"));

    // tool specs as document C constrains them, in the catalog and in the registry
    String tool = "tool.it_" + tag();
    assertProblem(
        admin.post(
            "v1/catalog/tools",
            "{\"id\":\"" + tool + "\",\"name\":\"T\",\"transport\":\"http\",\"tool_name\":\"t\"}"),
        400,
        "invalid_transport");
    assertProblem(
        admin.post(
            "v1/catalog/tools",
            "{\"id\":\""
                + tool
                + "\",\"name\":\"T\",\"transport\":\"mcp\",\"tool_name\":\"t\","
                + "\"connection_profile_ref\":\"other\"}"),
        400,
        "invalid_connection_profile_ref");
    assertProblem(
        admin.post(
            "v1/registry/tools",
            "{\"id\":\""
                + tool
                + "\",\"spec\":{\"name\":\"T\",\"transport\":\"ftp\",\"tool_name\":\"t\"}}"),
        400,
        "invalid_transport");
    assertEquals(
        404, admin.get("v1/catalog/tools/" + tool).status(), "refused writes made nothing");
    Http.Reply madeTool =
        admin.post(
            "v1/catalog/tools",
            "{\"id\":\"" + tool + "\",\"name\":\"T\",\"transport\":\"mcp\",\"tool_name\":\"t\"}");
    assertEquals(201, madeTool.status(), madeTool.toString());
    assertEquals("default", madeTool.json().getString("connection_profile_ref"));
    JsonObject toolCheck = admin.post("v1/catalog/tools/" + tool + "/validate", "").json();
    assertTrue(toolCheck.getBoolean("valid"));
    assertEquals(
        "runtime_unavailable",
        toolCheck.getJsonArray("warnings").getJsonObject(0).getString("code"));

    // an agent naming tools validates them
    admin.put(
        "v1/catalog/agents/" + ref,
        "{\"name\":\"Helper\",\"tool_refs\":[\"" + tool + "\",\"tool.missing_" + tag() + "\"]}");
    JsonObject check = admin.post("v1/catalog/agents/" + ref + "/validate", "").json();
    assertFalse(check.getBoolean("valid"), check.toString());
    assertEquals("unknown_tool", check.getJsonArray("errors").getJsonObject(0).getString("code"));

    // roles: superadmins only; nothing for members or strangers
    Http member = owner.http();
    assertProblem(member.get("v1/catalog/agents"), 403, "superadmin_required");
    assertProblem(member.get("v1/catalog/tools/" + tool), 403, "superadmin_required");
    assertProblem(
        member.post("v1/catalog/agents", "{\"id\":\"agent.x_" + tag() + "\",\"name\":\"x\"}"),
        403,
        "superadmin_required");
    assertProblem(
        member.post("v1/registry/models", "{\"id\":\"m\",\"spec\":{}}"),
        403,
        "superadmin_required");
    assertProblem(member.delete("v1/catalog/agents/" + ref), 403, "catalog_owner_required");
    assertEquals(401, anonymous.get("v1/catalog/agents").status());
    assertEquals(401, anonymous.post("v1/registry/agents", "{}").status());
    // the catalog's own agents are platform agents: even a superadmin only deactivates them
    assertProblem(admin.delete("v1/catalog/agents/" + ref), 409, "platform_agent_not_deletable");
  }

  @Test
  void publishedAgentProjectRunsAsAnExecutionStreamedToTheEnd() throws Exception {
    Http member = owner.http();
    Http.Reply made =
        member.post(
            "v1/agent-projects",
            "{\"name\":\"Greeter\",\"workflow_definition\":{\"type\":\"single_agent\"},"
                + "\"tool_policy\":{}}");
    assertEquals(201, made.status(), made.toString());
    String project = made.json().getString("id");
    assertEquals("draft", made.json().getString("status"));
    JsonObject invalid = member.post("v1/agent-projects/" + project + "/validate", "").json();
    assertFalse(invalid.getBoolean("valid"));
    assertEquals(
        "instructions_required", invalid.getJsonArray("errors").getJsonObject(0).getString("code"));
    assertProblem(
        member.post("v1/agent-projects/" + project + "/publish", ""), 400, "agent_project_invalid");
    assertProblem(
        member.post("v1/agent-projects", "{\"name\":\"x\",\"tool_policy\":[]}"),
        400,
        "invalid_tool_policy");

    Http.Reply edited =
        member.put(
            "v1/agent-projects/" + project,
            "{\"workflow_definition\":{\"type\":\"single_agent\",\"instructions\":\"Greet.\","
                + "\"step_limit\":3}}",
            "If-Match",
            made.header("ETag"));
    assertEquals(200, edited.status(), edited.toString());
    assertTrue(
        member.post("v1/agent-projects/" + project + "/validate", "").json().getBoolean("valid"));
    Http.Reply published = member.post("v1/agent-projects/" + project + "/publish", "");
    assertEquals(200, published.status(), published.toString());
    JsonObject agent = published.json().getJsonObject("agent");
    String ref = agent.getString("id");
    assertEquals("agent.project." + project, ref);
    assertEquals("user", agent.getString("classification"));
    assertEquals(owner.userId(), agent.getString("owner_user_id"));
    assertEquals("published", published.json().getJsonObject("project").getString("status"));

    // executed, streamed to the end like any run, then read back
    Http.Reply started =
        member.post(
            "v1/agent-executions", "{\"agent_id\":\"" + ref + "\",\"input\":{\"message\":\"Hi\"}}");
    assertEquals(202, started.status(), started.toString());
    String execution = started.json().getString("id");
    assertTrue(started.header("Location").endsWith("v1/agent-executions/" + execution));
    List<RunStreams.Frame> frames =
        RunStreams.whole(http.uri("api/agent-run/" + execution + "/stream"), owner.token(), null);
    assertEquals("control", frames.get(frames.size() - 1).type());
    StringBuilder streamed = new StringBuilder();
    for (RunStreams.Frame f : frames) {
      if ("content".equals(f.type())) {
        streamed.append(f.data().getString("content"));
      }
    }
    assertEquals("Hello, world!", streamed.toString());
    JsonObject read = member.get("v1/agent-executions/" + execution).json();
    assertEquals("completed", read.getString("status"), read.toString());
    assertEquals(ref, read.getString("agent_id"));
    assertEquals("Hello, world!", read.getJsonObject("output").getString("text"));

    Http.Reply waited =
        member.post(
            "v1/agent-executions",
            "{\"agent_id\":\"" + ref + "\",\"input\":\"Again\",\"wait_seconds\":60}");
    assertEquals(200, waited.status(), waited.toString());
    assertEquals("Hello, world!", waited.json().getJsonObject("output").getString("text"));

    // the internal door: the service token, acting for a named member
    Http service =
        anonymous.withHeader("X-Service-Token", System.getenv("MAINSPRING_INTERNAL_SERVICE_TOKEN"));
    String internalBody =
        "{\"agent_id\":\""
            + ref
            + "\",\"input\":\"From a worker\",\"wait_seconds\":60,\"org_id\":\""
            + owner.orgId()
            + "\",\"user_id\":\""
            + owner.userId()
            + "\"}";
    assertEquals(401, anonymous.post("v1/internal/agent-executions", internalBody).status());
    assertEquals(
        401,
        anonymous
            .post("v1/internal/agent-executions", internalBody, "X-Service-Token", "guessed")
            .status());
    Http.Reply internal =
        service.post("v1/internal/agent-executions", internalBody, "X-Request-Id", "req-c-1");
    assertEquals(200, internal.status(), internal.toString());
    assertEquals("req-c-1", internal.header("X-Request-Id"));
    String internalId = internal.json().getString("id");
    assertEquals(
        "completed",
        service
            .get(
                "v1/internal/agent-executions/"
                    + internalId
                    + "?org_id="
                    + owner.orgId()
                    + "&user_id="
                    + owner.userId())
            .json()
            .getString("status"));
    assertProblem(
        service.post(
            "v1/internal/agent-executions", internalBody.replace(owner.orgId(), stranger.orgId())),
        403,
        "not_a_member");

    // another organization sees none of it
    Http other = stranger.http();
    assertProblem(
        other.post("v1/agent-executions", "{\"agent_id\":\"" + ref + "\",\"input\":\"x\"}"),
        404,
        "catalog_agent_not_found");
    assertEquals(404, other.get("v1/agent-executions/" + execution).status());
    assertEquals(404, other.get("v1/agent-projects/" + project).status());
    assertProblem(other.delete("v1/catalog/agents/" + ref), 404, "catalog_agent_not_found");
    assertEquals(0, other.get("v1/agent-projects").json().getJsonArray("items").size());
    assertEquals(401, anonymous.get("v1/agent-projects").status());
    assertEquals(401, anonymous.post("v1/agent-executions", "{}").status());

    // bad input changes nothing
    assertProblem(
        member.post("v1/agent-executions", "{\"input\":\"x\"}"), 400, "agent_id_required");
    assertProblem(
        member.post("v1/agent-executions", "{\"agent_id\":\"" + ref + "\"}"),
        400,
        "input_required");
    assertProblem(
        member.post(
            "v1/agent-executions", "{\"agent_id\":\"agent.nope_" + tag() + "\",\"input\":\"x\"}"),
        404,
        "catalog_agent_not_found");

    // the owner deletes the user agent; its executions stay readable
    assertEquals(204, member.delete("v1/catalog/agents/" + ref).status());
    assertEquals(200, member.get("v1/agent-executions/" + execution).status());
  }

  @Test
  void playgroundSessionsKeepTheirMessagesAndAreTheirUsersOwn() throws Exception {
    Http member = owner.http();
    JsonObject options = member.get("v1/playgrounds/options").json();
    assertFalse(options.getJsonArray("models").isEmpty(), options.toString());
    find(options.getJsonArray("assistants"), "agent.knowledge_chat");
    assertTrue(
        options.getJsonArray("knowledge_bases").isEmpty(), "nothing bound to this deployment");

    Http.Reply made =
        member.post(
            "v1/playgrounds/sessions", "{\"playground_kind\":\"chat\",\"title\":\"Try it\"}");
    assertEquals(201, made.status(), made.toString());
    String session = made.json().getString("id");
    assertEquals(session, made.json().getString("thread_id"));
    Http.Reply answered =
        member.post("v1/playgrounds/sessions/" + session + "/messages", "{\"content\":\"Hi\"}");
    assertEquals(200, answered.status(), answered.toString());
    assertEquals("Hello, world!", answered.json().getJsonObject("message").getString("content"));
    JsonArray messages = answered.json().getJsonObject("session").getJsonArray("messages");
    assertEquals(2, messages.size(), messages.toString());
    assertEquals("user", messages.getJsonObject(0).getString("role"));

    // streamed: the run's events as Server-Sent Events, to its end
    List<JsonObject> events = postStream("v1/playgrounds/sessions/" + session + "/messages/stream");
    assertEquals("control", events.get(events.size() - 1).getString("type"));
    Http.Reply read = member.get("v1/playgrounds/sessions/" + session);
    assertEquals(4, read.json().getJsonArray("messages").size(), read.toString());
    String etag = read.header("ETag");
    assertEquals(
        200,
        member
            .patch(
                "v1/playgrounds/sessions/" + session, "{\"title\":\"Renamed\"}", "If-Match", etag)
            .status());
    assertProblem(
        member.patch(
            "v1/playgrounds/sessions/" + session, "{\"title\":\"Lost\"}", "If-Match", etag),
        412,
        "precondition_failed");

    // a knowledge session says why it cannot answer while no knowledge base is bound
    Http.Reply knowledge =
        member.post("v1/playgrounds/sessions", "{\"playground_kind\":\"knowledge\"}");
    assertEquals(201, knowledge.status(), knowledge.toString());
    assertEquals("agent.knowledge_chat", knowledge.json().getString("assistant_ref"));
    assertProblem(
        member.post(
            "v1/playgrounds/sessions/" + knowledge.json().getString("id") + "/messages",
            "{\"content\":\"What do we know?\"}"),
        409,
        "knowledge_unavailable");
    assertProblem(
        member.post(
            "v1/playgrounds/sessions",
            "{\"playground_kind\":\"chat\",\"knowledge_binding\":{\"knowledge_base_id\":\""
                + UUID.randomUUID()
                + "\"}}"),
        400,
        "invalid_knowledge_binding");
    assertProblem(
        member.post("v1/playgrounds/sessions", "{\"playground_kind\":\"voice\"}"),
        400,
        "invalid_playground_kind");
    assertProblem(
        member.post(
            "v1/playgrounds/sessions",
            "{\"playground_kind\":\"chat\",\"assistant_ref\":\"agent.nope_" + tag() + "\"}"),
        404,
        "catalog_agent_not_found");
    assertEquals(
        2,
        member.get("v1/playgrounds/sessions").json().getJsonArray("items").size(),
        "the refused sessions made nothing");

    // the user's own: another organization's user sees nothing
    Http other = stranger.http();
    assertEquals(404, other.get("v1/playgrounds/sessions/" + session).status());
    assertEquals(
        404,
        other
            .post("v1/playgrounds/sessions/" + session + "/messages", "{\"content\":\"x\"}")
            .status());
    assertEquals(0, other.get("v1/playgrounds/sessions").json().getJsonArray("items").size());
    assertEquals(401, anonymous.get("v1/playgrounds/options").status());

    assertEquals(204, member.delete("v1/playgrounds/sessions/" + session).status());
    assertEquals(404, member.get("v1/playgrounds/sessions/" + session).status());
    assertEquals(404, member.get("api/threads/" + session).status(), "its thread went with it");
  }

  @Test
  void anExecutionWhoseModelRuntimeIsDownAnswers503() throws Exception {
    StubOpenAiServer down = ModelPlatform.stubChatDeployment(admin, "catalog-down", 5);
    down.close();
    try {
      Http member = owner.http();
      Http.Reply failed =
          member.post(
              "v1/agent-executions",
              "{\"agent_id\":\"agent.knowledge_chat\",\"input\":\"Hi\",\"wait_seconds\":120}");
      assertEquals(503, failed.status(), failed.toString());
      assertEquals("EXEC_UPSTREAM_UNAVAILABLE", failed.json().getString("code"));
      assertTrue(failed.header("Content-Type").startsWith("application/problem+json"));
      assertFalse(failed.text().contains("127.0.0.1"), "no provider address in the answer");
      String location = failed.header("Location");
      assertNotNull(location);
      JsonObject execution =
          member.get(location.substring(location.indexOf("v1/agent-executions/"))).json();
      assertEquals("failed", execution.getString("status"));
      assertEquals("EXEC_UPSTREAM_UNAVAILABLE", execution.getJsonObject("error").getString("code"));
    } finally {
      // the class's working deployment back in charge for the other tests
      stub.close();
      stub = ModelPlatform.stubChatDeployment(admin, "catalog", 50);
    }
  }

  /**
   * Issue 15's "done when": a client of each door (document C's playground, document A's
   * socket.io-client, document B's long-poll) sees the same run and the same messages, live.
   */
  @Test
  void theThreeDoorsSeeTheSameRunAndMessagesLive() throws Exception {
    Http member = owner.http();
    String session =
        member
            .post("v1/playgrounds/sessions", "{\"playground_kind\":\"chat\",\"title\":\"doors\"}")
            .json()
            .getString("id");
    Http.Reply queue = member.post("realtime/queues", "");
    assertEquals(201, queue.status(), queue.toString());
    String queueId = queue.json().getString("queue_id");
    String cursor = queue.json().getString("cursor");
    try (SocketIoDriver socket = SocketIoDriver.start()) {
      JsonObject connected =
          socket.connect(
              http.uri("socket.io"),
              "[\"websocket\"]",
              "\"auth\":{\"token\":\"" + owner.token() + "\"}");
      assertEquals("connect", connected.getString("type"), connected.toString());
      assertTrue(socket.ack("subscribe", "{\"thread_id\":\"" + session + "\"}").getBoolean("ok"));

      Http.Reply answered =
          member.post(
              "v1/playgrounds/sessions/" + session + "/messages", "{\"content\":\"Three doors\"}");
      assertEquals(200, answered.status(), answered.toString());
      String runId = answered.json().getJsonObject("run").getString("id");
      String answerId = answered.json().getJsonObject("message").getString("id");

      // document A: the thread's messages, live, then the run's events to its end
      socket.awaitEvent(
          "thread_event",
          e -> "message.created".equals(e.getString("type")) && e.toString().contains(answerId),
          Duration.ofSeconds(30));
      assertTrue(
          socket
              .ack("subscribe", "{\"run_id\":\"" + runId + "\",\"after_sequence\":0}")
              .getBoolean("ok"));
      socket.awaitEvent(
          "run_event",
          e -> runId.equals(e.getString("run_id")) && "control".equals(e.getString("type")),
          Duration.ofSeconds(30));

      // document B: the same run's end and the same answer, from the one event log
      boolean sawAnswer = false;
      boolean sawRunEnd = false;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((!sawAnswer || !sawRunEnd) && System.nanoTime() < deadline) {
        JsonObject got =
            member.get("realtime/queues/" + queueId + "/events?timeout=5&cursor=" + cursor).json();
        cursor = got.getString("cursor");
        for (JsonObject e : got.getJsonArray("events").getValuesAs(JsonObject.class)) {
          sawAnswer |=
              e.getString("stream").equals("thread:" + session) && e.toString().contains(answerId);
          sawRunEnd |=
              e.getString("stream").equals("run:" + runId) && "control".equals(e.getString("type"));
        }
      }
      assertTrue(sawAnswer, "the long-poll client saw the answer");
      assertTrue(sawRunEnd, "the long-poll client saw the run end");
    }
  }

  private List<JsonObject> postStream(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(http.uri(path))
            .header("Authorization", "Bearer " + owner.token())
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Stream it\"}"))
            .build();
    HttpResponse<java.io.InputStream> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    List<JsonObject> events = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("data: ")) {
          JsonObject data =
              jakarta.json.Json.createReader(new java.io.StringReader(line.substring(6)))
                  .readObject();
          if (!"ping".equals(data.getString("type"))) {
            events.add(data);
          }
          if ("control".equals(data.getString("type"))) {
            break;
          }
        }
      }
    }
    return events;
  }

  private static String body(JsonObject agent, String status) {
    var body = jakarta.json.Json.createObjectBuilder();
    for (String member :
        List.of("name", "description", "instructions", "step_limit", "knowledge_retrieval")) {
      JsonValue value = agent.get(member);
      if (value != null && value != JsonValue.NULL) {
        body.add(member, value);
      }
    }
    return body.add("status", status).build().toString();
  }

  private static JsonObject find(JsonArray entries, String id) {
    for (JsonObject entry : entries.getValuesAs(JsonObject.class)) {
      if (id.equals(entry.getString("id"))) {
        return entry;
      }
    }
    throw new AssertionError(id + " not in " + entries);
  }
}
