package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Document B's usage and limits of an organization ({@code GET /api/usage}, {@code GET
 * /api/limits}) after gateway calls against the stub upstream, with their roles and tenant
 * boundary, and billing changes (grants, plan changes, quota resets) as workspace events on a
 * member's long-poll queue.
 */
class BillingUsageIT extends ApiTest {

  private static final String SECRET = "sk-stub-" + UUID.randomUUID();
  private static final String CHAT_MODEL = "use-" + UUID.randomUUID().toString().substring(0, 8);
  private static final long PROMPT_PRICE = 1_000_000; // 1 micro-credit per prompt token
  private static final long COMPLETION_PRICE = 2_000_000; // 2 per completion token

  private static StubOpenAiServer stub;

  private Http superadmin() {
    return Accounts.superadmin(anonymous);
  }

  @BeforeEach
  void platform() throws Exception {
    if (stub != null) {
      return;
    }
    stub = StubOpenAiServer.start();
    stub.requireApiKey(SECRET);
    stub.answer(List.of("Hello", ",", " world", "!"));
    stub.chunkDelay(Duration.ZERO);
    Http admin = superadmin();
    JsonObject credential =
        ModelPlatform.created(
            admin.post(
                "v1/modelops/credentials",
                "{\"name\":\"stub " + UUID.randomUUID() + "\",\"secret\":\"" + SECRET + "\"}"));
    String providerId =
        ModelPlatform.provider(
            admin,
            "stub-" + CHAT_MODEL,
            stub.baseUrl(),
            credential.getString("ref"),
            "{\"max_concurrency\":50,\"idle_timeout_ms\":5000}");
    String modelId = ModelPlatform.activeChatModel(admin, CHAT_MODEL, providerId);
    ModelPlatform.activeDeployment(
        admin, "use-" + CHAT_MODEL, ModelPlatform.binding("llm_inference", providerId, modelId));
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\""
                + CHAT_MODEL
                + "\",\"prompt_per_million\":"
                + PROMPT_PRICE
                + ",\"completion_per_million\":"
                + COMPLETION_PRICE
                + ",\"effective_from\":\"2020-01-01T00:00:00Z\"}"));
  }

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
    }
    ModelPlatform.reactivateLocalDefault();
  }

  private Http withKey(Accounts.Account account, String scopes) {
    JsonObject key =
        ModelPlatform.created(
            account.http().post("api-keys", "{\"name\":\"usage\",\"scopes\":[" + scopes + "]}"));
    return anonymous.withHeader("Authorization", "Bearer " + key.getString("secret"));
  }

  private static String chat() {
    return "{\"model\":\""
        + CHAT_MODEL
        + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
  }

  private Accounts.Account member(Accounts.Account owner, String label) {
    Accounts.Account colleague = Accounts.registered(anonymous, label);
    Http.Reply added =
        owner
            .http()
            .post(
                "api/orgs/" + owner.orgId() + "/members",
                "{\"email\":\"" + colleague.email() + "\",\"role\":\"member\"}");
    assertEquals(201, added.status(), added.toString());
    return new Accounts.Account(
        colleague.email(),
        colleague.userId(),
        owner.orgId(),
        colleague.token(),
        colleague.http().withHeader("X-Org-Id", owner.orgId()));
  }

  @Test
  void usageEqualsTheMeteredCallsAndLimitsShowThePlanAndItsUse() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "usage");
    String slug = BillingQuotasIT.plan(admin, 1_000_000L, 3, 600);
    BillingQuotasIT.subscribe(admin, owner.orgId(), slug);
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + owner.orgId() + "/grants",
            "{\"amount\":10000000}"));

    Http calls = withKey(owner, "\"*\"");
    BillingQuotasIT.awayFromAMinuteBoundary();
    for (int i = 0; i < 3; i++) {
      Http.Reply reply = calls.post("v1/chat/completions", chat());
      assertEquals(200, reply.status(), reply.toString());
    }
    BillingQuotasIT.awaitPosted(owner.orgId(), 3);

    long tokens =
        BillingQuotasIT.number(
            "select sum(prompt_tokens + completion_tokens) from usage_records"
                + " where org_id = ?::uuid",
            owner.orgId());
    long spent =
        BillingQuotasIT.number(
            "select coalesce(sum(amount), 0) from ledger_transfers where org_id = ?::uuid"
                + " and kind = 'usage'",
            owner.orgId());
    assertTrue(tokens > 0 && spent > 0, tokens + " tokens, " + spent + " spent");

    Accounts.Account colleague = member(owner, "usage-member");
    JsonObject usage = ModelPlatform.ok(colleague.http().get("api/usage"));
    assertEquals(owner.orgId(), usage.getString("organization_id"));
    assertEquals(3, usage.getJsonNumber("requests").longValue(), usage.toString());
    assertEquals(tokens, usage.getJsonNumber("tokens").longValue(), usage.toString());
    assertEquals(
        tokens,
        usage.getJsonNumber("prompt_tokens").longValue()
            + usage.getJsonNumber("completion_tokens").longValue());
    assertEquals(spent, usage.getJsonNumber("credits_spent").longValue(), usage.toString());
    assertEquals(usage.getString("period_start"), usage.getString("from"));
    assertEquals(usage.getString("period_end"), usage.getString("to"));
    List<JsonObject> models = usage.getJsonArray("models").getValuesAs(JsonObject.class);
    assertEquals(1, models.size(), usage.toString());
    assertEquals(CHAT_MODEL, models.get(0).getString("model"));
    assertEquals(tokens, models.get(0).getJsonNumber("tokens").longValue());
    assertEquals(spent, models.get(0).getJsonNumber("credits_spent").longValue());

    String today = LocalDate.now(ZoneOffset.UTC).toString();
    JsonObject days =
        ModelPlatform.ok(owner.http().get("api/usage?from=" + today + "&to=" + today));
    assertEquals(tokens, days.getJsonNumber("tokens").longValue(), days.toString());
    JsonObject past = ModelPlatform.ok(owner.http().get("api/usage?from=2001-01-01&to=2001-01-31"));
    assertEquals(0, past.getJsonNumber("requests").longValue());
    assertEquals(0, past.getJsonArray("models").size());
    assertProblem(owner.http().get("api/usage?from=yesterday"), 400, "invalid_date");
    assertProblem(
        owner.http().get("api/usage?from=2001-02-01&to=2001-01-01"), 400, "invalid_range");
    assertProblem(owner.http().get("api/usage?to=2001-01-01"), 400, "invalid_range");
    assertProblem(
        owner.http().get("api/usage?from=2001-01-01&to=2003-01-01"), 400, "invalid_range");

    JsonObject limits = ModelPlatform.ok(colleague.http().get("api/limits"));
    assertEquals(slug, limits.getString("plan"), limits.toString());
    JsonObject quota = limits.getJsonObject("monthly_token_quota");
    assertEquals(1_000_000, quota.getJsonNumber("limit").longValue());
    assertEquals(
        BillingQuotasIT.tokensUsed(owner.orgId()), quota.getJsonNumber("used").longValue());
    assertEquals(tokens, quota.getJsonNumber("used").longValue(), limits.toString());
    assertEquals(
        1_000_000 - tokens - quota.getJsonNumber("held").longValue(),
        quota.getJsonNumber("remaining").longValue());
    JsonObject runs = limits.getJsonObject("max_parallel_runs");
    assertEquals(3, runs.getInt("limit"));
    assertEquals(0, runs.getInt("used"));
    JsonObject rate = limits.getJsonObject("requests_per_minute");
    assertEquals(600, rate.getInt("limit"));
    assertEquals(3, rate.getInt("used"), limits.toString());

    // An organization without a plan: no limits, nothing used.
    Accounts.Account plain = Accounts.withOrganization(anonymous, "usage-plain");
    JsonObject none = ModelPlatform.ok(plain.http().get("api/limits"));
    assertTrue(none.isNull("plan") || !none.containsKey("plan"), none.toString());
    JsonObject noQuota = none.getJsonObject("monthly_token_quota");
    assertTrue(noQuota.isNull("limit") || !noQuota.containsKey("limit"), none.toString());
    assertEquals(0, noQuota.getJsonNumber("used").longValue());
    assertEquals(0, ModelPlatform.ok(plain.http().get("api/usage")).getInt("requests"));
  }

  @Test
  void membersAndBillingReadKeysReadUsageAndLimitsOfTheirOwnOrganizationOnly() {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "usage-roles");
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "usage-stranger");
    Accounts.Account colleague = member(owner, "usage-colleague");
    for (String path : List.of("api/usage", "api/limits")) {
      assertEquals(200, owner.http().get(path).status(), path);
      assertEquals(200, colleague.http().get(path).status(), path);
      assertProblem(anonymous.get(path), 401, "unauthenticated");
      assertProblem(
          stranger.http().withHeader("X-Org-Id", owner.orgId()).get(path), 403, "not_a_member");
      assertEquals(200, withKey(owner, "\"billing:read\"").get(path).status(), path);
      assertProblem(withKey(owner, "\"projects:read\"").get(path), 403, "insufficient_scope");
      JsonObject own = ModelPlatform.ok(stranger.http().get(path));
      assertEquals(stranger.orgId(), own.getString("organization_id"), path);
    }
  }

  private static JsonObject register(Http client) {
    Http.Reply made = client.post("realtime/queues", "");
    assertEquals(201, made.status(), made.toString());
    return made.json();
  }

  /** Billing events a poll loop got, and the cursor to go on from. */
  private record Polled(List<JsonObject> events, String cursor) {}

  /**
   * Polls the queue from {@code cursor} until {@code count} billing events came or {@code seconds}
   * passed (at least one poll).
   */
  private static Polled billingEvents(
      Http client, String queueId, String cursor, int count, int seconds) {
    List<JsonObject> events = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    do {
      Http.Reply got =
          client.get(
              "realtime/queues/"
                  + queueId
                  + "/events?timeout="
                  + (seconds == 0 ? 0 : 2)
                  + "&cursor="
                  + cursor);
      assertEquals(200, got.status(), got.toString());
      got.json().getJsonArray("events").getValuesAs(JsonObject.class).stream()
          .filter(e -> e.getString("type").startsWith("billing."))
          .forEach(events::add);
      cursor = got.json().getString("cursor");
    } while (events.size() < count && System.nanoTime() < deadline);
    return new Polled(events, cursor);
  }

  @Test
  void grantsPlanChangesAndQuotaResetsComeAsWorkspaceEventsToMembersOnly() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "usage-events");
    Accounts.Account colleague = member(owner, "usage-listener");
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "usage-outsider");
    JsonObject queue = register(colleague.http());
    JsonObject strangers = register(stranger.http());

    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + owner.orgId() + "/grants",
            "{\"amount\":2500000,\"promotional\":true}"));
    String slug = BillingQuotasIT.plan(admin, 50_000L, 2, null);
    BillingQuotasIT.subscribe(admin, owner.orgId(), slug);
    Http adminKey = Accounts.billingAdminKey(anonymous, admin, "usage-events");
    Http.Reply reset =
        adminKey.post(
            "api/billing/admin/reset-quotas", "{\"organization_id\":\"" + owner.orgId() + "\"}");
    assertEquals(202, reset.status(), reset.toString());
    BillingQuotasIT.awaitRun(adminKey, reset.json().getString("id"));

    Polled polled =
        billingEvents(
            colleague.http(), queue.getString("queue_id"), queue.getString("cursor"), 4, 20);
    List<JsonObject> events = polled.events();
    assertEquals(
        List.of(
            "billing.credits_changed",
            "billing.subscription_changed",
            "billing.limits_changed",
            "billing.quota_reset"),
        events.stream().map(e -> e.getString("type")).toList(),
        events.toString());
    assertTrue(
        events.stream().allMatch(e -> e.getString("stream").equals("workspace:" + owner.orgId())));
    JsonObject credits = events.get(0).getJsonObject("data");
    assertEquals("grant", credits.getString("reason"));
    assertEquals(2_500_000, credits.getJsonNumber("amount").longValue());
    assertTrue(credits.getBoolean("promotional"));
    assertEquals(slug, events.get(1).getJsonObject("data").getString("plan"));
    assertEquals("active", events.get(1).getJsonObject("data").getString("status"));
    JsonObject limits = events.get(2).getJsonObject("data");
    assertEquals(50_000, limits.getJsonNumber("monthly_token_quota").longValue());
    assertEquals(2, limits.getInt("max_parallel_runs"));
    assertTrue(limits.isNull("requests_per_minute"));
    assertEquals(owner.orgId(), events.get(3).getJsonObject("data").getString("organization_id"));

    // The same plan again changes the subscription's period, not the limits.
    BillingQuotasIT.subscribe(admin, owner.orgId(), slug);
    List<JsonObject> again =
        billingEvents(colleague.http(), queue.getString("queue_id"), polled.cursor(), 1, 20)
            .events();
    assertEquals(
        List.of("billing.subscription_changed"),
        again.stream().map(e -> e.getString("type")).toList(),
        again.toString());

    assertEquals(
        List.of(),
        billingEvents(
                stranger.http(),
                strangers.getString("queue_id"),
                strangers.getString("cursor"),
                0,
                0)
            .events());
  }
}
