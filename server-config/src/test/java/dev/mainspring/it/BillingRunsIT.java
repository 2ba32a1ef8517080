package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs against billing, end to end with the stub model: an organization billing binds cannot start
 * a run it cannot pay the smallest call of (402 {@code payment_required}, nothing queued), a run
 * whose model call the gateway refuses for credits fails with the gateway's code and charges
 * nothing, a paid run draws its credits down by exactly what its calls cost, and an organization
 * billing does not bind runs without credits.
 */
class BillingRunsIT extends ApiTest {

  private static final long PROMPT_PRICE = 1_000_000; // 1 micro-credit per prompt token
  private static final long COMPLETION_PRICE = 2_000_000; // 2 per completion token

  private static StubOpenAiServer stub;
  private static String chatModel;

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
    chatModel = "run-bill-" + UUID.randomUUID().toString().substring(0, 8);
    stub = StubOpenAiServer.start();
    stub.converse(true);
    stub.chunkDelay(Duration.ZERO);
    stub.answer(List.of("Hello", ",", " world", "!"));
    String provider =
        ModelPlatform.provider(
            admin, "stub-" + chatModel, stub.baseUrl(), null, "{\"max_concurrency\":100}");
    String modelId = ModelPlatform.activeChatModel(admin, chatModel, provider);
    ModelPlatform.activeDeployment(
        admin, "runs-" + chatModel, ModelPlatform.binding("llm_inference", provider, modelId));
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\""
                + chatModel
                + "\",\"prompt_per_million\":"
                + PROMPT_PRICE
                + ",\"completion_per_million\":"
                + COMPLETION_PRICE
                + ",\"effective_from\":\"2020-01-01T00:00:00Z\"}"));
    Thread.sleep(300);
  }

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
      ModelPlatform.reactivateLocalDefault();
    }
  }

  /**
   * An organization billing binds (a subscription to a plan without credits), granted {@code
   * amount}.
   */
  private Accounts.Account billed(String name, long amount) {
    return billed(name, amount, 0);
  }

  /** The same, on a plan that gives each member {@code allowance} per period. */
  private Accounts.Account billed(String name, long amount, long allowance) {
    Accounts.Account account = Accounts.withOrganization(anonymous, name);
    Http admin = Accounts.superadmin(anonymous);
    String plan = "runs-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/plans",
            "{\"slug\":\"" + plan + "\",\"name\":\"Runs\",\"member_credits\":" + allowance + "}"));
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + account.orgId() + "/subscription",
            "{\"plan\":\"" + plan + "\"}"));
    if (amount > 0) {
      ModelPlatform.created(
          admin.post(
              "v1/platform/billing/organizations/" + account.orgId() + "/grants",
              "{\"amount\":" + amount + "}"));
    }
    return account;
  }

  private static String thread(Http client) {
    Http.Reply made = client.post("api/threads", "{\"title\":\"billed thread\"}");
    assertEquals(201, made.status(), made.toString());
    return made.json().getString("thread_id");
  }

  private static Http.Reply start(Http client, String threadId) {
    return client.post(
        "api/thread/" + threadId + "/agent/start",
        "{\"prompt\":\"Say hi\",\"model_name\":\"" + chatModel + "\"}");
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

  private static long number(String sql, String parameter) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** What the org's usage records meeting {@code condition} cost at the test's prices. */
  private static long cost(String org, String condition) throws SQLException {
    return number(
        "select coalesce(sum(prompt_tokens * "
            + PROMPT_PRICE / 1_000_000
            + " + completion_tokens * "
            + COMPLETION_PRICE / 1_000_000
            + "), 0) from usage_records where org_id = ?::uuid and "
            + condition,
        org);
  }

  private static long runs(String org) throws SQLException {
    return number("select count(*) from agent_runs where org_id = ?::uuid", org);
  }

  private static long usageRecords(String org) throws SQLException {
    return number("select count(*) from usage_records where org_id = ?::uuid", org);
  }

  private static long openHolds(String org) throws SQLException {
    return number("select count(*) from billing_reservations where org_id = ?::uuid", org);
  }

  private static long balance(Accounts.Account account) {
    return ModelPlatform.ok(account.http().get("api/billing/status"))
        .getJsonNumber("balance")
        .longValue();
  }

  /** Waits until the org has {@code count} usage records and all are posted. */
  private static void awaitPosted(String org, long count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while ((usageRecords(org) < count
            || number(
                    "select count(*) from usage_records where org_id = ?::uuid"
                        + " and billed_at is null",
                    org)
                > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(count, usageRecords(org), "usage records written");
    assertEquals(
        0,
        number(
            "select count(*) from usage_records where org_id = ?::uuid and billed_at is null", org),
        "every usage record posted");
  }

  @Test
  void anOrganizationWithoutCreditsIsRefused402BeforeAnythingIsQueued() throws Exception {
    Accounts.Account broke = billed("runs-broke", 0);
    Http client = broke.http();
    String threadId = thread(client);

    Http.Reply refused = start(client, threadId);
    assertProblem(refused, 402, "payment_required");
    assertEquals(0, runs(broke.orgId()), "no run was queued");
    assertEquals(
        0,
        client.get("api/threads/" + threadId + "/messages").json().getJsonArray("messages").size(),
        "the prompt was not posted");
    assertEquals(0, openHolds(broke.orgId()), "the admission holds nothing");
    assertEquals(0, usageRecords(broke.orgId()), "no model was called");

    // A grant makes the same start pass the admission.
    ModelPlatform.created(
        Accounts.superadmin(anonymous)
            .post(
                "v1/platform/billing/organizations/" + broke.orgId() + "/grants",
                "{\"amount\":100000}"));
    Http.Reply started = start(client, threadId);
    assertEquals(200, started.status(), started.toString());
    awaitStatus(client, started.json().getString("agent_run_id"), "completed");
  }

  @Test
  void aRunWhoseModelCallIsRefusedForCreditsFailsWithTheGatewaysCodeAndChargesNothing()
      throws Exception {
    // 5 micro-credits cover the smallest call (1 prompt + 1 completion token: 3) but not the
    // gateway's hold for the real call (the prompt with the agent's instructions, plus the
    // default max_tokens at 2 each).
    Accounts.Account poor = billed("runs-poor", 5);
    Http client = poor.http();
    String threadId = thread(client);
    int calls = stub.requestCount();

    Http.Reply started = start(client, threadId);
    assertEquals(200, started.status(), started.toString());
    JsonObject failed = awaitStatus(client, started.json().getString("agent_run_id"), "failed");
    assertEquals("insufficient_credits", failed.getJsonObject("error").getString("code"));
    assertEquals(calls, stub.requestCount(), "the refused call never reached the model");
    assertEquals(0, openHolds(poor.orgId()), "the refused call holds nothing");
    assertEquals(5, balance(poor), "nothing was charged");
  }

  @Test
  void aPaidRunDrawsItsCreditsDownByExactlyWhatItsCallsCost() throws Exception {
    long granted = 100_000;
    Accounts.Account paying = billed("runs-paying", granted);
    Http client = paying.http();
    String threadId = thread(client);

    Http.Reply started = start(client, threadId);
    assertEquals(200, started.status(), started.toString());
    String runId = started.json().getString("agent_run_id");
    awaitStatus(client, runId, "completed");
    awaitPosted(paying.orgId(), 1);

    long cost = cost(paying.orgId(), "run_id = '" + runId + "'::uuid");
    assertTrue(cost > 0, "the run's call was priced");
    assertEquals(granted - cost, balance(paying));
    assertEquals(0, openHolds(paying.orgId()), "the call's hold was settled");
  }

  @Test
  void aMembersAllowanceAdmitsAndPaysForTheirRunWhenTheOrganizationHasNoCredits() throws Exception {
    long allowance = 100_000;
    Accounts.Account member = billed("runs-member", 0, allowance);
    Http client = member.http();

    Http.Reply started = start(client, thread(client));
    assertEquals(200, started.status(), started.toString());
    String runId = started.json().getString("agent_run_id");
    awaitStatus(client, runId, "completed");
    awaitPosted(member.orgId(), 1);

    long cost = cost(member.orgId(), "member_id is not null");
    assertTrue(cost > 0, "the run's call was priced and admitted by the member's allowance");
    JsonObject status = ModelPlatform.ok(client.get("api/billing/status"));
    assertEquals(0, status.getJsonNumber("balance").longValue(), "the organization paid nothing");
    assertEquals(
        allowance - cost,
        status.getJsonObject("member_allowance").getJsonNumber("balance").longValue());
    assertEquals(0, openHolds(member.orgId()), "the call's hold was settled");
  }

  @Test
  void anOrganizationBillingDoesNotBindRunsWithoutCredits() throws Exception {
    Accounts.Account free = Accounts.withOrganization(anonymous, "runs-unbound");
    Http client = free.http();
    String threadId = thread(client);

    Http.Reply started = start(client, threadId);
    assertEquals(200, started.status(), started.toString());
    awaitStatus(client, started.json().getString("agent_run_id"), "completed");
    awaitPosted(free.orgId(), 1);
    assertTrue(balance(free) < 0, "usage is still charged, into a negative balance");
  }

  @Test
  void anotherOrganizationsCreditsAdmitNothing() throws Exception {
    billed("runs-rich", 1_000_000);
    Accounts.Account broke = billed("runs-broke-too", 0);
    assertProblem(start(broke.http(), thread(broke.http())), 402, "payment_required");
    assertEquals(0, runs(broke.orgId()));
  }
}
