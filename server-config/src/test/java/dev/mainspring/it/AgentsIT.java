package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Issue 14's agents on the real server and database: versions, the default agent, rights. */
class AgentsIT extends ApiTest {

  private static StubOpenAiServer stub;

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
      ModelPlatform.reactivateLocalDefault();
    }
  }

  private String create(Http client, String json) {
    Http.Reply created = client.post("api/agents", json);
    assertEquals(201, created.status(), created.toString());
    return created.json().getString("agent_id");
  }

  private static List<String> strings(JsonObject o, String name) {
    return o.getJsonArray(name).getValuesAs(JsonString::getString);
  }

  @Test
  void createdAgentIsVersionOneAndEveryChangeIsANewVersion() {
    Http.Reply created =
        http.post(
            "api/agents",
            "{\"name\":\"Scout\",\"description\":\"finds things\",\"instructions\":\"Be brief.\","
                + "\"temperature\":0.2,\"max_tokens\":512,\"tools\":[\"time.now\",\"threads.search\"],"
                + "\"tools_needing_approval\":[\"threads.search\"],\"step_limit\":7}");
    assertEquals(201, created.status(), created.toString());
    JsonObject agent = created.json();
    String id = agent.getString("agent_id");
    assertTrue(created.header("Location").endsWith("/api/agents/" + id));
    assertEquals("\"1\"", created.header("ETag"));
    assertEquals(1, agent.getInt("version"));
    assertEquals(JsonValue.NULL, agent.get("model"));
    assertEquals(List.of("time.now", "threads.search"), strings(agent, "tools"));
    assertEquals(List.of("threads.search"), strings(agent, "tools_needing_approval"));
    assertEquals(7, agent.getInt("step_limit"));
    assertFalse(agent.getBoolean("is_default"));
    String firstVersionId = agent.getString("version_id");

    Http.Reply patched =
        http.patch("api/agents/" + id, "{\"name\":\"Scout II\"}", "If-Match", "\"1\"");
    assertEquals(200, patched.status(), patched.toString());
    assertEquals("\"2\"", patched.header("ETag"));
    assertEquals(2, patched.json().getInt("version"));
    assertEquals("Scout II", patched.json().getString("name"));
    assertEquals("Be brief.", patched.json().getString("instructions"), "left out: kept");
    assertEquals(7, patched.json().getInt("step_limit"));
    assertFalse(firstVersionId.equals(patched.json().getString("version_id")));

    Http.Reply replaced = http.put("api/agents/" + id, "{\"name\":\"Scout III\"}");
    assertEquals(200, replaced.status(), replaced.toString());
    assertEquals(3, replaced.json().getInt("version"));
    assertEquals(JsonValue.NULL, replaced.json().get("instructions"), "PUT: left out is default");
    assertEquals(10, replaced.json().getInt("step_limit"));
    assertEquals(List.of(), strings(replaced.json(), "tools"));

    Http.Reply read = http.get("api/agents/" + id);
    assertEquals(200, read.status());
    assertEquals("\"3\"", read.header("ETag"));
    assertEquals("Scout III", read.json().getString("name"));

    JsonObject versions = ModelPlatform.ok(http.get("api/agents/" + id + "/versions"));
    List<Integer> numbers =
        versions.getJsonArray("versions").stream()
            .map(v -> v.asJsonObject().getInt("version"))
            .toList();
    assertEquals(List.of(3, 2, 1), numbers);
    JsonObject first = ModelPlatform.ok(http.get("api/agents/" + id + "/versions/1"));
    assertEquals("Scout", first.getString("name"));
    assertEquals(firstVersionId, first.getString("version_id"));
    assertEquals(List.of("threads.search"), strings(first, "tools_needing_approval"));
    assertProblem(http.get("api/agents/" + id + "/versions/9"), 404, "agent_version_not_found");

    JsonObject page = ModelPlatform.ok(http.get("api/agents/" + id + "/versions?limit=2"));
    assertEquals(2, page.getJsonArray("versions").size());
    JsonObject rest =
        ModelPlatform.ok(
            http.get(
                "api/agents/" + id + "/versions?limit=2&cursor=" + page.getString("next_cursor")));
    assertEquals(1, rest.getJsonArray("versions").getJsonObject(0).getInt("version"));
    assertTrue(rest.isNull("next_cursor"));
  }

  @Test
  void staleIfMatchFailsWith412AndChangesNothing() {
    String id = create(http, "{\"name\":\"Stale\"}");
    assertEquals(200, http.patch("api/agents/" + id, "{\"name\":\"Fresh\"}").status());

    assertProblem(
        http.patch("api/agents/" + id, "{\"name\":\"Lost\"}", "If-Match", "\"1\""),
        412,
        "precondition_failed");
    assertProblem(http.delete("api/agents/" + id, "If-Match", "\"1\""), 412, "precondition_failed");
    Http.Reply now = http.get("api/agents/" + id);
    assertEquals("Fresh", now.json().getString("name"));
    assertEquals("\"2\"", now.header("ETag"));
  }

  @Test
  void concurrentUpdatesEachWriteOneVersionOrLoseWith409() throws Exception {
    String id = create(http, "{\"name\":\"Race\"}");
    int writers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Http.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      String name = "Race " + i;
      replies.add(pool.submit(() -> http.patch("api/agents/" + id, "{\"name\":\"" + name + "\"}")));
    }
    int succeeded = 0;
    for (Future<Http.Reply> reply : replies) {
      Http.Reply r = reply.get();
      assertTrue(r.status() == 200 || r.status() == 409, r.toString());
      if (r.status() == 409) {
        assertEquals("concurrent_modification", r.json().getString("code"));
      }
      succeeded += r.status() == 200 ? 1 : 0;
    }
    pool.shutdown();
    assertTrue(succeeded >= 1);
    assertEquals("\"" + (1 + succeeded) + "\"", http.get("api/agents/" + id).header("ETag"));
    assertEquals(
        1 + succeeded,
        ModelPlatform.ok(http.get("api/agents/" + id + "/versions?limit=100"))
            .getJsonArray("versions")
            .size());
  }

  @Test
  void defaultAgentIsMadeAtFirstUseAndCannotBeDeleted() {
    Accounts.Account fresh = Accounts.withOrganization(anonymous, "agents-default");
    Http client = fresh.http();

    JsonObject agents = ModelPlatform.ok(client.get("api/agents"));
    assertEquals(1, agents.getJsonArray("agents").size(), agents.toString());
    JsonObject listed = agents.getJsonArray("agents").getJsonObject(0);
    assertTrue(listed.getBoolean("is_default"));
    assertEquals(JsonValue.NULL, listed.get("model"), "the deployment's default chat model");
    assertFalse(listed.getString("instructions").isBlank());

    Http.Reply byAlias = client.get("api/agents/default");
    assertEquals(200, byAlias.status(), byAlias.toString());
    String id = byAlias.json().getString("agent_id");
    assertEquals(listed.getString("agent_id"), id);
    assertEquals("\"1\"", byAlias.header("ETag"));

    assertProblem(client.delete("api/agents/" + id), 409, "agent_not_deletable");
    Http.Reply changed =
        client.patch("api/agents/" + id, "{\"instructions\":\"Answer in French.\"}");
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(2, changed.json().getInt("version"));
    assertTrue(changed.json().getBoolean("is_default"));
    assertEquals(200, client.get("api/agents/" + id).status(), "still there");
  }

  @Test
  void concurrentFirstUsesMakeOneDefaultAgent() throws Exception {
    Accounts.Account fresh = Accounts.withOrganization(anonymous, "agents-race");
    int callers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<Http.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      String path = i % 2 == 0 ? "api/agents/default" : "api/agents";
      replies.add(pool.submit(() -> fresh.http().get(path)));
    }
    Set<String> defaults = new HashSet<>();
    for (Future<Http.Reply> reply : replies) {
      Http.Reply r = reply.get();
      assertEquals(200, r.status(), r.toString());
      JsonObject body = r.json();
      defaults.add(
          body.containsKey("agents")
              ? body.getJsonArray("agents").getJsonObject(0).getString("agent_id")
              : body.getString("agent_id"));
    }
    pool.shutdown();
    assertEquals(1, defaults.size(), defaults.toString());
    try (Connection c = TestDatabase.connect();
        PreparedStatement count =
            c.prepareStatement("select count(*) from agents where org_id = ?::uuid")) {
      count.setString(1, fresh.orgId());
      try (ResultSet r = count.executeQuery()) {
        r.next();
        assertEquals(1, r.getInt(1));
      }
    }
  }

  @Test
  void deletedAgentIsGoneButItsVersionsStay() throws Exception {
    String id = create(http, "{\"name\":\"Doomed\"}");
    assertEquals(200, http.patch("api/agents/" + id, "{\"step_limit\":3}").status());

    assertEquals(204, http.delete("api/agents/" + id, "If-Match", "\"2\"").status());

    assertProblem(http.get("api/agents/" + id), 404, "agent_not_found");
    assertProblem(http.get("api/agents/" + id + "/versions"), 404, "agent_not_found");
    assertProblem(http.patch("api/agents/" + id, "{\"name\":\"x\"}"), 404, "agent_not_found");
    assertProblem(http.delete("api/agents/" + id), 404, "agent_not_found");
    assertFalse(http.get("api/agents?limit=100").text().contains(id));
    try (Connection c = TestDatabase.connect();
        PreparedStatement count =
            c.prepareStatement("select count(*) from agent_versions where agent_id = ?::uuid")) {
      count.setString(1, id);
      try (ResultSet r = count.executeQuery()) {
        r.next();
        assertEquals(2, r.getInt(1), "runs refer to versions: they stay");
      }
    }
  }

  @Test
  void badInputIs400AndStoresNothing() {
    String before = http.get("api/agents?limit=100").text();
    assertProblem(http.post("api/agents", "{\"name\":\"  \"}"), 400, "validation_failed");
    assertProblem(http.post("api/agents", "{\"instructions\":\"x\"}"), 400, "name_required");
    assertProblem(
        http.post("api/agents", "{\"name\":\"a\",\"step_limit\":51}"), 400, "validation_failed");
    assertProblem(
        http.post("api/agents", "{\"name\":\"a\",\"step_limit\":0}"), 400, "validation_failed");
    assertProblem(
        http.post("api/agents", "{\"name\":\"a\",\"temperature\":2.5}"), 400, "validation_failed");
    assertProblem(
        http.post("api/agents", "{\"name\":\"a\",\"temperature\":\"hot\"}"), 400, "malformed_json");
    assertProblem(
        http.post("api/agents", "{\"name\":\"a\",\"tools\":[\"Bad Tool\"]}"),
        400,
        "validation_failed");
    assertProblem(
        http.post(
            "api/agents",
            "{\"name\":\"a\",\"tools\":[\"time.now\"],\"tools_needing_approval\":[\"shell\"]}"),
        400,
        "approval_tool_not_allowed");
    assertProblem(http.post("api/agents", "{\"name\":"), 400, "malformed_json");
    assertProblem(http.get("api/agents?limit=0"), 400, "invalid_limit");
    assertProblem(http.get("api/agents?cursor=!!!"), 400, "invalid_cursor");
    assertProblem(http.get("api/agents/not-a-uuid"), 404, "not_found");
    assertProblem(http.get("api/agents/" + UUID.randomUUID()), 404, "agent_not_found");
    assertEquals(before, http.get("api/agents?limit=100").text());

    String id = create(http, "{\"name\":\"Steady\",\"tools\":[\"time.now\"]}");
    assertProblem(
        http.patch("api/agents/" + id, "{\"tools_needing_approval\":[\"shell\"]}"),
        400,
        "approval_tool_not_allowed");
    assertProblem(http.patch("api/agents/" + id, "{\"name\":\"\"}"), 400, "validation_failed");
    assertEquals("\"1\"", http.get("api/agents/" + id).header("ETag"));
  }

  @Test
  void nothingOfOneOrganizationsAgentsReachesAnother() {
    String id = create(http, "{\"name\":\"Private\"}");
    Http intruder = Accounts.withOrganization(anonymous, "agents-intruder").http();
    String path = "api/agents/" + id;

    assertProblem(intruder.get(path), 404, "agent_not_found");
    assertProblem(intruder.patch(path, "{\"name\":\"mine\"}"), 404, "agent_not_found");
    assertProblem(intruder.put(path, "{\"name\":\"mine\"}"), 404, "agent_not_found");
    assertProblem(intruder.delete(path), 404, "agent_not_found");
    assertProblem(intruder.get(path + "/versions"), 404, "agent_not_found");
    assertProblem(intruder.get(path + "/versions/1"), 404, "agent_not_found");
    assertFalse(intruder.get("api/agents?limit=100").text().contains(id));
    String theirDefault = intruder.get("api/agents/default").json().getString("agent_id");
    assertProblem(http.get("api/agents/" + theirDefault), 404, "agent_not_found");
    assertEquals("Private", http.get(path).json().getString("name"));
    assertEquals("\"1\"", http.get(path).header("ETag"));
  }

  @Test
  void membersReadAllAndChangeTheirOwnAdminsChangeAny() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "agents-admin");
    Accounts.Account member = Accounts.registered(anonymous, "agents-member");
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    Http asMember = member.http().withHeader("X-Org-Id", admin.orgId());
    String admins = create(admin.http(), "{\"name\":\"Admin's\"}");
    String defaultId = admin.http().get("api/agents/default").json().getString("agent_id");

    assertEquals(200, asMember.get("api/agents/" + admins).status());
    assertEquals(200, asMember.get("api/agents/" + admins + "/versions").status());
    assertTrue(asMember.get("api/agents").text().contains(admins));
    String members = create(asMember, "{\"name\":\"Member's\"}");
    assertEquals(200, asMember.patch("api/agents/" + members, "{\"name\":\"Mine\"}").status());

    assertProblem(
        asMember.patch("api/agents/" + admins, "{\"name\":\"x\"}"), 403, "agent_owner_required");
    assertProblem(asMember.delete("api/agents/" + admins), 403, "agent_owner_required");
    assertProblem(
        asMember.patch("api/agents/" + defaultId, "{\"name\":\"x\"}"), 403, "admin_required");
    assertEquals(
        200, admin.http().patch("api/agents/" + members, "{\"name\":\"Reviewed\"}").status());
    assertEquals(204, asMember.delete("api/agents/" + members).status());
    assertEquals("Admin's", admin.http().get("api/agents/" + admins).json().getString("name"));

    String readOnly =
        ModelPlatform.created(
                admin.http().post("api-keys", "{\"name\":\"ro\",\"scopes\":[\"agents:read\"]}"))
            .getString("secret");
    Http key = anonymous.withHeader("Authorization", "Bearer " + readOnly);
    assertEquals(200, key.get("api/agents/" + admins).status());
    assertProblem(key.post("api/agents", "{\"name\":\"k\"}"), 403, "insufficient_scope");
    assertProblem(key.patch("api/agents/" + admins, "{\"name\":\"k\"}"), 403, "insufficient_scope");
    String byDefault =
        ModelPlatform.created(admin.http().post("api-keys", "{\"name\":\"default scopes\"}"))
            .getString("secret");
    assertEquals(
        201,
        anonymous
            .withHeader("Authorization", "Bearer " + byDefault)
            .post("api/agents", "{\"name\":\"by key\"}")
            .status());
    assertProblem(anonymous.get("api/agents"), 401, "unauthenticated");
  }

  @Test
  void rowLevelSecurityShowsAgentsAndVersionsOnlyToTheirOrganization() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "agents-rls");
    String id = create(owner.http(), "{\"name\":\"Fenced\"}");
    String otherOrg = Accounts.withOrganization(anonymous, "agents-rls-other").orgId();
    try (Connection c = TestDatabase.connectAsApplication()) {
      c.setAutoCommit(false);
      assertEquals(List.of(0, 0), visible(c, otherOrg, id));
      assertEquals(List.of(0, 0), visible(c, "", id));
      assertEquals(List.of(1, 1), visible(c, owner.orgId(), id));
      c.rollback();
    }
    try (Connection c = TestDatabase.connect();
        PreparedStatement row =
            c.prepareStatement("select org_id, created_by from agents where id = ?::uuid")) {
      row.setString(1, id);
      try (ResultSet r = row.executeQuery()) {
        assertTrue(r.next());
        assertEquals(owner.orgId(), r.getString(1));
        assertEquals(owner.userId(), r.getString(2));
      }
    }
  }

  /** How many rows of agent {@code agent} and of its versions a session of {@code org} sees. */
  private static List<Integer> visible(Connection c, String org, String agent) throws Exception {
    try (PreparedStatement bind = c.prepareStatement("select set_config('app.org_id', ?, true)")) {
      bind.setString(1, org);
      bind.executeQuery().close();
    }
    List<Integer> counts = new ArrayList<>();
    for (String sql :
        List.of(
            "select count(*) from agents where id = ?::uuid",
            "select count(*) from agent_versions where agent_id = ?::uuid")) {
      try (PreparedStatement count = c.prepareStatement(sql)) {
        count.setString(1, agent);
        try (ResultSet r = count.executeQuery()) {
          r.next();
          counts.add(r.getInt(1));
        }
      }
    }
    return counts;
  }

  @Test
  void modelMustBeAChatModelTheCallerMayUse() throws Exception {
    Http admin = Accounts.superadmin(anonymous);
    String chatModel = "agent-chat-" + UUID.randomUUID().toString().substring(0, 8);
    stub = StubOpenAiServer.start();
    String provider =
        ModelPlatform.provider(
            admin, "stub-" + chatModel, stub.baseUrl(), null, "{\"max_concurrency\":10}");
    String modelId = ModelPlatform.activeChatModel(admin, chatModel, provider);
    ModelPlatform.activeDeployment(
        admin, "agents-" + chatModel, ModelPlatform.binding("llm_inference", provider, modelId));
    Thread.sleep(200);

    Http.Reply created =
        http.post("api/agents", "{\"name\":\"Modelled\",\"model\":\"" + chatModel + "\"}");
    assertEquals(201, created.status(), created.toString());
    assertEquals(chatModel, created.json().getString("model"));
    String id = created.json().getString("agent_id");

    String before = http.get("api/agents?limit=100").text();
    assertProblem(
        http.post("api/agents", "{\"name\":\"x\",\"model\":\"no-such-model\"}"),
        400,
        "unknown_model");
    assertEquals(before, http.get("api/agents?limit=100").text());
    assertProblem(
        http.patch("api/agents/" + id, "{\"model\":\"no-such-model\"}"), 400, "unknown_model");
    Http.Reply cleared = http.patch("api/agents/" + id, "{\"model\":\"\"}");
    assertEquals(200, cleared.status(), cleared.toString());
    assertEquals(JsonValue.NULL, cleared.json().get("model"));

    String kept = create(http, "{\"name\":\"Kept\",\"model\":\"" + chatModel + "\"}");
    Accounts.Account other = Accounts.withOrganization(anonymous, "agents-model-owner");
    try {
      Http.Reply restricted =
          admin.send(
              "PUT",
              "v1/modelops/sharing",
              BodyPublishers.ofString(
                  "{\"model_id\":\""
                      + modelId
                      + "\",\"scope\":\"restricted\",\"grants\":[{\"organization_id\":\""
                      + other.orgId()
                      + "\",\"roles\":[\"admin\"]}]}"),
              "Content-Type",
              "application/json");
      assertEquals(200, restricted.status(), restricted.toString());
      Thread.sleep(200);
      assertProblem(
          http.patch("api/agents/" + id, "{\"model\":\"" + chatModel + "\"}"),
          400,
          "unknown_model");
      assertEquals(
          201,
          other
              .http()
              .post("api/agents", "{\"name\":\"granted\",\"model\":\"" + chatModel + "\"}")
              .status());
      assertEquals(
          200,
          http.patch("api/agents/" + kept, "{\"name\":\"unrelated edit\"}").status(),
          "a change that leaves the model alone does not check it again");
    } finally {
      admin.send(
          "PUT",
          "v1/modelops/sharing",
          BodyPublishers.ofString("{\"model_id\":\"" + modelId + "\",\"scope\":\"everyone\"}"),
          "Content-Type",
          "application/json");
    }
  }
}
