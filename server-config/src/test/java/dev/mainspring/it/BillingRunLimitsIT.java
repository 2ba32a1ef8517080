package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plans' limits at a run's start, end to end with the stub model (free: no price, so credits do not
 * get in the way): a used-up token quota refuses the start (429 {@code quota_exceeded} with {@code
 * resets_at}), the request rate counts starts (429 {@code rate_limited}, RateLimit fields on every
 * start), and the plan's parallel-run cap replaces the installation's. Nothing is queued for a
 * refused start.
 */
class BillingRunLimitsIT extends ApiTest {

  private static StubOpenAiServer stub;
  private static String chatModel;

  @BeforeEach
  void platform() throws Exception {
    if (stub != null) {
      stub.clearScript();
      stub.converse(true);
      stub.chunkDelay(Duration.ZERO);
      stub.answer(List.of("Hello", "!"));
      return;
    }
    Http admin = Accounts.superadmin(anonymous);
    chatModel = "run-limit-" + UUID.randomUUID().toString().substring(0, 8);
    stub = StubOpenAiServer.start();
    stub.converse(true);
    stub.chunkDelay(Duration.ZERO);
    stub.answer(List.of("Hello", "!"));
    String provider =
        ModelPlatform.provider(
            admin, "stub-" + chatModel, stub.baseUrl(), null, "{\"max_concurrency\":100}");
    String modelId = ModelPlatform.activeChatModel(admin, chatModel, provider);
    ModelPlatform.activeDeployment(
        admin, "limits-" + chatModel, ModelPlatform.binding("llm_inference", provider, modelId));
    Thread.sleep(300);
  }

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
      ModelPlatform.reactivateLocalDefault();
    }
  }

  private Accounts.Account onPlan(
      String name, Long quota, Integer parallelRuns, Integer perMinute) {
    Accounts.Account account = Accounts.withOrganization(anonymous, name);
    Http admin = Accounts.superadmin(anonymous);
    BillingQuotasIT.subscribe(
        admin, account.orgId(), BillingQuotasIT.plan(admin, quota, parallelRuns, perMinute));
    return account;
  }

  private static String thread(Http client) {
    Http.Reply made = client.post("api/threads", "{\"title\":\"limited thread\"}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("thread_id");
  }

  private static Http.Reply start(Http client, String threadId) {
    return client.post(
        "api/thread/" + threadId + "/agent/start",
        "{\"prompt\":\"Say hi\",\"model_name\":\"" + chatModel + "\"}");
  }

  private static long runs(String org) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement("select count(*) from agent_runs where org_id = ?::uuid")) {
      s.setString(1, org);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Test
  void aStartOverTheQuotaIsRefusedWithWhenItResets() throws Exception {
    Accounts.Account owner = onPlan("run-quota", 50L, null, null);
    Http client = owner.http();
    String threadId = thread(client);
    Http.Reply first = start(client, threadId);
    assertEquals(200, first.status(), first.toString());
    String runId = first.json().getString("agent_run_id");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"completed".equals(client.get("api/agent-run/" + runId).json().getString("status"))
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    BillingQuotasIT.setCounter(owner.orgId(), 50);

    Http.Reply refused = start(client, thread(client));
    assertProblem(refused, 429, "quota_exceeded");
    Instant resetsAt = Instant.parse(refused.json().getString("resets_at"));
    assertTrue(resetsAt.isAfter(Instant.now()), refused.toString());
    assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1, refused.toString());
    assertEquals(1, runs(owner.orgId()), "the refused start queued nothing");
  }

  @Test
  void startsCountInTheOrganizationsRequestWindow() throws Exception {
    Accounts.Account owner = onPlan("run-rate", null, null, 2);
    Http client = owner.http();
    BillingQuotasIT.awayFromAMinuteBoundary();
    for (int remaining = 1; remaining >= 0; remaining--) {
      Http.Reply started = start(client, thread(client));
      assertEquals(200, started.status(), started.toString());
      assertEquals("\"default\";q=2;w=60", started.header("RateLimit-Policy"));
      assertTrue(
          started.header("RateLimit").startsWith("\"default\";r=" + remaining + ";t="),
          started.toString());
    }
    String last = thread(client);
    Http.Reply limited = start(client, last);
    assertProblem(limited, 429, "rate_limited");
    assertNotNull(limited.header("Retry-After"));
    assertEquals("\"default\";q=2;w=60", limited.header("RateLimit-Policy"));
    assertEquals(2, runs(owner.orgId()), "the limited start queued nothing");
    assertEquals(
        0,
        client.get("api/threads/" + last + "/messages").json().getJsonArray("messages").size(),
        "the prompt of a limited start is not posted");
  }

  @Test
  void thePlansParallelRunCapReplacesTheInstallationsDefault() throws Exception {
    Accounts.Account owner = onPlan("run-cap", null, 1, null);
    Http client = owner.http();
    stub.chunkDelay(Duration.ofMillis(300));
    stub.answer(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
    Http.Reply first = start(client, thread(client));
    assertEquals(200, first.status(), first.toString());

    Http.Reply second = start(client, thread(client));
    assertProblem(second, 429, "too_many_active_runs");
    assertTrue(second.json().getString("detail").contains("at most 1 "), second.toString());
    client.post("api/agent-run/" + first.json().getString("agent_run_id") + "/stop", "");
  }
}
