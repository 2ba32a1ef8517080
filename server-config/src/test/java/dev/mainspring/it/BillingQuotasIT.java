package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Plans' limits end to end with the built-in embeddings model (offline): the monthly token quota
 * (429 {@code quota_exceeded}, nothing written for the refused call, racing calls on the last
 * unit), the request rate per minute (429 {@code rate_limited} with {@code Retry-After} and the
 * RateLimit header fields, per organization) and the parallel-run cap shown on plans.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillingQuotasIT extends ApiTest {

  /**
   * The tests with a second instance run after the others, which then never see its schedules
   * (postings, resets) at work; they share the one instance.
   */
  private static final int LAST = Integer.MAX_VALUE;

  private static final String SECOND = "second-billing";

  private static SecondInstance second;

  static final String EMBEDDING_MODEL = "all-minilm-l6-v2";
  static final String EMBED = "{\"model\":\"" + EMBEDDING_MODEL + "\",\"input\":\"hello there\"}";

  Http superadmin() {
    return Accounts.superadmin(anonymous);
  }

  /** A new plan with these limits (null: none); answers its slug. */
  static String plan(Http admin, Long quota, Integer parallelRuns, Integer perMinute) {
    String slug = "q-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject created =
        ModelPlatform.created(
            admin.post(
                "v1/platform/billing/plans",
                "{\"slug\":\""
                    + slug
                    + "\",\"name\":\"Limited\",\"monthly_credits\":0,\"price_cents\":0"
                    + (quota == null ? "" : ",\"monthly_token_quota\":" + quota)
                    + (parallelRuns == null ? "" : ",\"max_parallel_runs\":" + parallelRuns)
                    + (perMinute == null ? "" : ",\"requests_per_minute\":" + perMinute)
                    + "}"));
    assertEquals(slug, created.getString("slug"));
    return slug;
  }

  static void subscribe(Http admin, String org, String slug) {
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + org + "/subscription",
            "{\"plan\":\"" + slug + "\"}"));
  }

  static long number(String sql, String parameter) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  static long tokensUsed(String org) throws SQLException {
    return number("select tokens_used from billing_quota_usage where org_id = ?::uuid", org);
  }

  static long usageRecords(String org) throws SQLException {
    return number("select count(*) from usage_records where org_id = ?::uuid", org);
  }

  /**
   * Waits (up to 15 s) until the organization has {@code records} usage records and every one is
   * posted: the gateway writes records in batches after the call, so a call's record may not be
   * there yet when the call has answered.
   */
  static void awaitPosted(String org, long records) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while ((usageRecords(org) < records || unposted(org) > 0) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(records, usageRecords(org), "usage records written");
    assertEquals(0, unposted(org), "usage records still unposted");
  }

  static long unposted(String org) throws SQLException {
    return number(
        "select count(*) from usage_records where org_id = ?::uuid and billed_at is null", org);
  }

  static void assertOpenAiError(Http.Reply reply, int status, String code) {
    assertEquals(status, reply.status(), reply.toString());
    JsonObject error = reply.json().getJsonObject("error");
    assertNotNull(error, reply.toString());
    assertEquals(code, error.getString("code"), reply.toString());
    assertTrue(!error.getString("message").isBlank());
  }

  static List<Http.Reply> race(int n, Callable<Http.Reply> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Http.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(call));
      }
      List<Http.Reply> replies = new ArrayList<>();
      for (Future<Http.Reply> f : futures) {
        replies.add(f.get());
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits, when the current minute is nearly over, for the next one to begin. */
  static void awayFromAMinuteBoundary() throws InterruptedException {
    long second = Instant.now().getEpochSecond() % 60;
    if (second >= 45) {
      Thread.sleep((61 - second) * 1000);
    }
  }

  @Test
  void plansShowAndAcceptTheirLimits() {
    Http admin = superadmin();
    String slug = plan(admin, 5_000L, 3, 120);
    JsonObject listed =
        ModelPlatform.ok(admin.get("v1/platform/billing/plans")).getJsonArray("plans").stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getString("slug").equals(slug))
            .findFirst()
            .orElseThrow();
    assertEquals(5_000, listed.getJsonNumber("monthly_token_quota").longValue());
    assertEquals(3, listed.getInt("max_parallel_runs"));
    assertEquals(120, listed.getInt("requests_per_minute"));
    JsonObject offered =
        ModelPlatform.ok(http.get("api/billing/plans")).getJsonArray("plans").stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getString("slug").equals(slug))
            .findFirst()
            .orElseThrow();
    assertEquals(120, offered.getInt("requests_per_minute"));

    String unlimited = plan(admin, null, null, null);
    JsonObject none =
        ModelPlatform.ok(admin.get("v1/platform/billing/plans")).getJsonArray("plans").stream()
            .map(JsonObject.class::cast)
            .filter(p -> p.getString("slug").equals(unlimited))
            .findFirst()
            .orElseThrow();
    assertTrue(none.isNull("monthly_token_quota") || !none.containsKey("monthly_token_quota"));

    PlatformIT.assertProblem(
        admin.post(
            "v1/platform/billing/plans",
            "{\"slug\":\"bad-rate\",\"name\":\"x\",\"requests_per_minute\":0}"),
        400,
        "invalid_limit");
  }

  @Test
  void callsOverTheQuotaAreRefusedAndNothingIsWrittenForThem() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "quota");
    subscribe(admin, owner.orgId(), plan(admin, 12L, null, null));

    Http.Reply refused = null;
    long passed = 0;
    for (int i = 0; i < 30 && refused == null; i++) {
      Http.Reply reply = owner.http().post("v1/embeddings", EMBED);
      if (reply.status() == 429) {
        refused = reply;
      } else {
        assertEquals(200, reply.status(), reply.toString());
        awaitPosted(owner.orgId(), ++passed);
      }
    }
    assertNotNull(refused, "the quota of 12 tokens was never reached");
    assertOpenAiError(refused, 429, "quota_exceeded");
    assertEquals("rate_limit_error", refused.json().getJsonObject("error").getString("type"));
    assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1, refused.toString());

    long used = tokensUsed(owner.orgId());
    assertTrue(used >= 12, "used " + used);
    assertOpenAiError(owner.http().post("v1/embeddings", EMBED), 429, "quota_exceeded");
    Thread.sleep(1_500);
    awaitPosted(owner.orgId(), passed);
    assertEquals(used, tokensUsed(owner.orgId()), "a refused call counts no tokens");
    assertEquals(
        0,
        number("select count(*) from billing_quota_holds where org_id = ?::uuid", owner.orgId()),
        "every hold was released by its posting");
  }

  @Test
  void twoCallsRacingForTheLastUnitPassAtMostOnce() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "quota-race");
    subscribe(admin, owner.orgId(), plan(admin, 1_000L, null, null));
    ModelPlatform.ok(owner.http().post("v1/embeddings", EMBED));
    awaitPosted(owner.orgId(), 1);
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "update billing_quota_usage set tokens_used = 999 where org_id = ?::uuid")) {
      s.setString(1, owner.orgId());
      assertEquals(1, s.executeUpdate());
    }

    List<Http.Reply> replies = race(8, () -> owner.http().post("v1/embeddings", EMBED));
    long passed = replies.stream().filter(r -> r.status() == 200).count();
    assertEquals(1, passed, replies.toString());
    for (Http.Reply r : replies) {
      if (r.status() != 200) {
        assertOpenAiError(r, 429, "quota_exceeded");
      }
    }
    awaitPosted(owner.orgId(), 2); // one record before the race, one of the race
  }

  @Test
  void theRateLimitRefusesTheCallOverItWithRetryAfterAndTheRateLimitFields() throws Exception {
    Http admin = superadmin();
    String slug = plan(admin, null, null, 3);
    Accounts.Account limited = Accounts.withOrganization(anonymous, "rate");
    Accounts.Account other = Accounts.withOrganization(anonymous, "rate-other");
    subscribe(admin, limited.orgId(), slug);
    subscribe(admin, other.orgId(), slug);
    awayFromAMinuteBoundary();

    for (int remaining = 2; remaining >= 0; remaining--) {
      Http.Reply ok = limited.http().post("v1/embeddings", EMBED);
      assertEquals(200, ok.status(), ok.toString());
      assertEquals("\"default\";q=3;w=60", ok.header("RateLimit-Policy"), ok.toString());
      String rate = ok.header("RateLimit");
      assertTrue(rate.startsWith("\"default\";r=" + remaining + ";t="), rate);
    }
    Http.Reply over = limited.http().post("v1/embeddings", EMBED);
    assertOpenAiError(over, 429, "rate_limited");
    long retryAfter = Long.parseLong(over.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, over.toString());
    assertEquals("\"default\";q=3;w=60", over.header("RateLimit-Policy"));
    assertEquals("\"default\";r=0;t=" + retryAfter, over.header("RateLimit"));

    // Another organization on the same plan has a window of its own.
    Http.Reply elsewhere = other.http().post("v1/embeddings", EMBED);
    assertEquals(200, elsewhere.status(), elsewhere.toString());
    assertTrue(elsewhere.header("RateLimit").startsWith("\"default\";r=2;"));

    // An organization without a plan rate gets no RateLimit fields.
    Http.Reply free = http.post("v1/embeddings", EMBED);
    assertEquals(200, free.status(), free.toString());
    assertEquals(null, free.header("RateLimit"));
  }

  // --- the admin group and the quota-reset job ---------------------------------------------

  /** An admin API key (scope billing:admin) made by the superadmin. */
  Http billingAdminKey(Http admin) {
    return Accounts.billingAdminKey(anonymous, admin, "billing ops");
  }

  static void setCounter(String org, long used) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "update billing_quota_usage set tokens_used = ? where org_id = ?::uuid")) {
      s.setLong(1, used);
      s.setString(2, org);
      assertEquals(1, s.executeUpdate());
    }
  }

  /** Waits (up to 30 s) until the run has ended; answers it as the job history shows it. */
  static JsonObject awaitRun(Http admin, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonObject run =
          ModelPlatform.ok(admin.get("api/billing/admin/jobs?name=quota-reset&limit=100"))
              .getJsonArray("jobs")
              .stream()
              .map(JsonObject.class::cast)
              .filter(j -> j.getString("id").equals(runId))
              .findFirst()
              .orElseThrow(() -> new AssertionError("run " + runId + " is not in the history"));
      if (!run.getString("status").equals("started") || System.nanoTime() > deadline) {
        return run;
      }
      Thread.sleep(200);
    }
  }

  static JsonObject statusOf(Http client, String org) {
    String cursor = null;
    for (int page = 0; page < 200; page++) {
      JsonObject answer =
          ModelPlatform.ok(
              client.get(
                  "api/billing/admin/quota-status?limit=100"
                      + (cursor == null ? "" : "&cursor=" + cursor)));
      for (JsonObject o : answer.getJsonArray("organizations").getValuesAs(JsonObject.class)) {
        if (o.getString("organization_id").equals(org)) {
          return o;
        }
      }
      if (answer.isNull("next_cursor") || !answer.containsKey("next_cursor")) {
        return null;
      }
      cursor = answer.getString("next_cursor");
    }
    return null;
  }

  @Test
  void theAdminGroupAnswersBillingAdminsOnly() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "ops-roles");
    Accounts.Account member = Accounts.registered(anonymous, "ops-member");
    assertEquals(
        201,
        owner
            .http()
            .post(
                "api/orgs/" + owner.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    Http asMember = member.http().withHeader("X-Org-Id", owner.orgId());
    JsonObject ownersKey =
        ModelPlatform.created(
            owner.http().post("api-keys", "{\"name\":\"all\",\"scopes\":[\"*\"]}"));
    Http otherKey = anonymous.withHeader("X-API-Key", ownersKey.getString("secret"));
    Http adminKey = billingAdminKey(admin);
    String reset = "{\"organization_id\":\"" + owner.orgId() + "\"}";

    for (Http refused : List.of(asMember, owner.http(), otherKey)) {
      PlatformIT.assertProblem(
          refused.post("api/billing/admin/reset-quotas", reset), 403, "billing_admin_required");
      PlatformIT.assertProblem(
          refused.get("api/billing/admin/jobs?name=quota-reset"), 403, "billing_admin_required");
    }
    PlatformIT.assertProblem(
        asMember.get("api/billing/admin/quota-status"), 403, "billing_admin_required");
    PlatformIT.assertProblem(
        otherKey.get("api/billing/admin/quota-status"), 403, "billing_admin_required");
    for (String path :
        List.of("api/billing/admin/quota-status", "api/billing/admin/jobs?name=quota-reset")) {
      assertEquals(401, anonymous.get(path).status(), path);
    }
    assertEquals(401, anonymous.post("api/billing/admin/reset-quotas", reset).status());

    // Only a superadmin makes an admin key.
    PlatformIT.assertProblem(
        owner.http().post("api-keys", "{\"name\":\"x\",\"scopes\":[\"billing:admin\"]}"),
        403,
        "billing_admin_required");

    for (Http allowed : List.of(admin, adminKey)) {
      ModelPlatform.ok(allowed.get("api/billing/admin/quota-status"));
      ModelPlatform.ok(allowed.get("api/billing/admin/jobs?name=quota-reset"));
      ModelPlatform.ok(allowed.get("api/billing/admin/jobs?name=billing-reconciliation"));
    }
    PlatformIT.assertProblem(
        admin.get("api/billing/admin/jobs?name=nightly"), 400, "invalid_job_name");
    Http.Reply accepted = adminKey.post("api/billing/admin/reset-quotas", reset);
    assertEquals(202, accepted.status(), accepted.toString());
    PlatformIT.assertProblem(
        adminKey.post(
            "api/billing/admin/reset-quotas",
            "{\"organization_id\":\"" + UUID.randomUUID() + "\"}"),
        404,
        "organization_not_found");
  }

  @Test
  void anOrganizationsAdminSeesOnlyItsOwnQuotaStatus() throws Exception {
    Http admin = superadmin();
    String slug = plan(admin, 1_000L, null, null);
    Accounts.Account a = Accounts.withOrganization(anonymous, "status-a");
    Accounts.Account b = Accounts.withOrganization(anonymous, "status-b");
    subscribe(admin, a.orgId(), slug);
    subscribe(admin, b.orgId(), slug);

    JsonObject own = ModelPlatform.ok(a.http().get("api/billing/admin/quota-status"));
    List<String> seen =
        own.getJsonArray("organizations").getValuesAs(JsonObject.class).stream()
            .map(o -> o.getString("organization_id"))
            .toList();
    assertEquals(List.of(a.orgId()), seen);
    assertEquals(
        1_000, own.getJsonArray("organizations").getJsonObject(0).getInt("monthly_token_quota"));
    assertEquals(null, statusOf(a.http(), b.orgId()));
    // Naming the other organization in X-Org-Id does not help a stranger.
    PlatformIT.assertProblem(
        a.http().withHeader("X-Org-Id", b.orgId()).get("api/billing/admin/quota-status"),
        403,
        "not_a_member");

    assertNotNull(statusOf(admin, a.orgId()));
    assertNotNull(statusOf(admin, b.orgId()));
  }

  @Test
  void resettingAnOrganizationRestoresItsQuotaAndTheHistoryShowsIt() throws Exception {
    Http admin = superadmin();
    Http adminKey = billingAdminKey(admin);
    Accounts.Account owner = Accounts.withOrganization(anonymous, "reset");
    subscribe(admin, owner.orgId(), plan(admin, 40L, null, null));
    setCounter(owner.orgId(), 40);
    assertOpenAiError(owner.http().post("v1/embeddings", EMBED), 429, "quota_exceeded");

    Http.Reply accepted =
        adminKey.post(
            "api/billing/admin/reset-quotas", "{\"organization_id\":\"" + owner.orgId() + "\"}");
    assertEquals(202, accepted.status(), accepted.toString());
    assertEquals("started", accepted.json().getString("status"), accepted.toString());
    assertEquals(owner.orgId(), accepted.json().getString("scope"));
    JsonObject run = awaitRun(adminKey, accepted.json().getString("id"));
    assertEquals("completed", run.getString("status"), run.toString());
    assertEquals(1, run.getInt("organizations_reset"), run.toString());
    assertEquals("on_demand", run.getString("trigger"));

    assertEquals(0, tokensUsed(owner.orgId()));
    assertEquals(200, owner.http().post("v1/embeddings", EMBED).status());
    JsonObject status = statusOf(adminKey, owner.orgId());
    assertNotNull(status);
    assertEquals(40, status.getInt("monthly_token_quota"));
    assertNotNull(status.getString("reset_at"));
    JsonObject lastResets = ModelPlatform.ok(owner.http().get("api/billing/admin/quota-status"));
    assertEquals(
        run.getString("id"),
        lastResets.getJsonArray("last_resets").getJsonObject(0).getString("id"),
        lastResets.toString());
  }

  @Test
  void twoResetsOfTheSamePeriodRacingResetItOnce() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "reset-race");
    subscribe(admin, owner.orgId(), plan(admin, 100L, null, null));
    setCounter(owner.orgId(), 70);
    String body = "{\"organization_id\":\"" + owner.orgId() + "\"}";

    List<Http.Reply> replies = race(4, () -> admin.post("api/billing/admin/reset-quotas", body));
    List<String> statuses = new ArrayList<>();
    String started = null;
    for (Http.Reply r : replies) {
      assertEquals(202, r.status(), r.toString());
      statuses.add(r.json().getString("status"));
      if (r.json().getString("status").equals("started")) {
        started = r.json().getString("id");
      }
    }
    assertEquals(1, statuses.stream().filter("started"::equals).count(), statuses.toString());
    assertEquals(3, statuses.stream().filter("skipped"::equals).count(), statuses.toString());
    JsonObject run = awaitRun(admin, started);
    assertEquals("completed", run.getString("status"), run.toString());
    assertEquals(1, run.getInt("organizations_reset"));
    assertEquals(0, tokensUsed(owner.orgId()));

    // The period is reset: another attempt at it does nothing.
    setCounter(owner.orgId(), 9);
    Http.Reply again = admin.post("api/billing/admin/reset-quotas", body);
    assertEquals("skipped", again.json().getString("status"), again.toString());
    assertEquals(9, tokensUsed(owner.orgId()));
  }

  /**
   * A quota-reset run claimed by an instance that died: started an hour ago, silent since, for the
   * organization's current period (the key an on-demand reset of it claims). Answers its id.
   */
  static String deadClaim(String org) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "insert into billing_job_runs (id, job_name, period_key, scope, trigger, status,"
                    + " boundary, instance_id, started_at, heartbeat_at)"
                    + " select ?::uuid, 'quota-reset', ?, ?, 'schedule', 'started', now(), ?,"
                    + " now() - interval '1 hour', now() - interval '1 hour'")) {
      s.setString(1, id);
      s.setString(2, periodStart(org).toString());
      s.setString(3, org);
      s.setString(4, "gone-" + UUID.randomUUID().toString().substring(0, 8));
      assertEquals(1, s.executeUpdate());
    }
    return id;
  }

  static Instant periodStart(String org) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "select period_start from billing_quota_usage where org_id = ?::uuid")) {
      s.setString(1, org);
      try (ResultSet r = s.executeQuery()) {
        assertTrue(r.next());
        return r.getTimestamp(1).toInstant();
      }
    }
  }

  @Test
  void aRunWhoseInstanceFellSilentIsTakenOverOnceAndCompleted() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "reset-takeover");
    subscribe(admin, owner.orgId(), plan(admin, 100L, null, null));
    setCounter(owner.orgId(), 70);
    String dead = deadClaim(owner.orgId());
    String body = "{\"organization_id\":\"" + owner.orgId() + "\"}";

    // The period is held by the dead run: this attempt is skipped, but takes the dead run over
    // first (unless the schedule's round already did), and the period is done now.
    Http.Reply attempt = admin.post("api/billing/admin/reset-quotas", body);
    assertEquals(202, attempt.status(), attempt.toString());
    assertEquals("skipped", attempt.json().getString("status"), attempt.toString());
    JsonObject run = awaitRun(admin, dead);
    assertEquals("completed", run.getString("status"), run.toString());
    assertEquals(1, run.getInt("takeovers"), run.toString());
    assertEquals(1, run.getInt("organizations_reset"), run.toString());
    assertTrue(run.getString("message", "").isEmpty() || !run.isNull("ended_at"), run.toString());
    assertTrue(!run.getString("instance").startsWith("gone-"), run.toString());
    assertEquals(0, tokensUsed(owner.orgId()));

    // Done once: another trigger finds the period held by a live (completed) run.
    setCounter(owner.orgId(), 9);
    Http.Reply again = admin.post("api/billing/admin/reset-quotas", body);
    assertEquals("skipped", again.json().getString("status"), again.toString());
    assertEquals(9, tokensUsed(owner.orgId()));
    assertEquals(1, awaitRun(admin, dead).getInt("takeovers"));
    assertEquals(
        1,
        number(
            "select count(*) from billing_job_runs where scope = ? and status <> 'skipped'",
            owner.orgId()));
  }

  @Test
  void endedPeriodsAreResetAndMovedForwardByTheJob() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "reset-ended");
    subscribe(admin, owner.orgId(), plan(admin, 100L, null, null));
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "update billing_quota_usage set tokens_used = 99,"
                    + " period_start = now() - interval '70 days',"
                    + " period_end = now() - interval '40 days' where org_id = ?::uuid")) {
      s.setString(1, owner.orgId());
      assertEquals(1, s.executeUpdate());
    }

    // Started here, or skipped when a run of this interval (maybe the schedule's) holds it; either
    // way the run of the interval resets every period that ended before it began, or the next one.
    Http.Reply accepted = admin.post("api/billing/admin/reset-quotas", "");
    assertEquals(202, accepted.status(), accepted.toString());
    assertEquals("all", accepted.json().getString("scope"));
    if (accepted.json().getString("status").equals("started")) {
      assertEquals(
          "completed", awaitRun(admin, accepted.json().getString("id")).getString("status"));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (tokensUsed(owner.orgId()) != 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(0, tokensUsed(owner.orgId()));
    assertEquals(
        1,
        number(
            "select count(*) from billing_quota_usage where org_id = ?::uuid"
                + " and period_start <= now() and period_end > now()"
                + " and period_end = period_start + interval '1 month'",
            owner.orgId()),
        "the period moved forward to the one running now");
  }

  /**
   * An operator's subscription has no payment provider to renew it (V34): the quota-reset job moves
   * its ended period to the one running now and grants its plan's monthly credits once for it. A
   * Stripe subscription whose period ended is left for its provider's invoice.
   */
  @Test
  void anOperatorsSubscriptionRenewsItselfWithItsPlansCreditsOnceAndAStripeOneWaits()
      throws Exception {
    Http admin = superadmin();
    String slug = "renewing-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/plans",
            "{\"slug\":\""
                + slug
                + "\",\"name\":\"Renewing\",\"monthly_credits\":5000,\"price_cents\":0}"));
    Accounts.Account operators = Accounts.withOrganization(anonymous, "renews-itself");
    Accounts.Account stripes = Accounts.withOrganization(anonymous, "renewed-by-stripe");
    subscribe(admin, operators.orgId(), slug);
    subscribe(admin, stripes.orgId(), slug);
    try (Connection c = TestDatabase.connect();
        PreparedStatement periods =
            c.prepareStatement(
                "update billing_subscriptions set current_period_start = now() - interval '70"
                    + " days', current_period_end = now() - interval '40 days',"
                    + " provider = ? where org_id = ?::uuid");
        PreparedStatement counters =
            c.prepareStatement(
                "update billing_quota_usage set period_start = now() - interval '70 days',"
                    + " period_end = now() - interval '40 days' where org_id = ?::uuid")) {
      for (Accounts.Account a : List.of(operators, stripes)) {
        periods.setString(1, a == stripes ? "stripe" : null);
        periods.setString(2, a.orgId());
        assertEquals(1, periods.executeUpdate());
        counters.setString(1, a.orgId());
        assertEquals(1, counters.executeUpdate());
      }
    }
    assertEquals(5000, planCredits(operators.orgId()), "granted once at the subscription");

    // Each organization's own reset (the run over all organizations does the same for every
    // range; another test holds this hour's run of all organizations).
    for (Accounts.Account a : List.of(operators, stripes)) {
      Http.Reply accepted =
          admin.post(
              "api/billing/admin/reset-quotas", "{\"organization_id\":\"" + a.orgId() + "\"}");
      assertEquals(202, accepted.status(), accepted.toString());
      assertEquals("started", accepted.json().getString("status"), accepted.toString());
      assertEquals(
          "completed", awaitRun(admin, accepted.json().getString("id")).getString("status"));
    }
    assertEquals(10_000, planCredits(operators.orgId()), "the new period's credits, once");
    String running =
        "select count(*) from billing_subscriptions where org_id = ?::uuid"
            + " and current_period_start <= now() and current_period_end > now()"
            + " and current_period_end = current_period_start + interval '1 month'";
    assertEquals(1, number(running, operators.orgId()), "moved to the period running now");
    JsonObject subscription = ModelPlatform.ok(operators.http().get("api/billing/subscription"));
    assertEquals("active", subscription.getString("status"));
    assertTrue(
        Instant.parse(subscription.getString("current_period_end")).isAfter(Instant.now()),
        subscription.toString());

    // Again for the same boundary: nothing more (the row moved on, and the key is the period's).
    assertEquals(
        0,
        number(
            "select count(*) from subscription_renew_due(null, null, ?::uuid, now())",
            operators.orgId()));
    assertEquals(10_000, planCredits(operators.orgId()));

    assertEquals(0, number(running, stripes.orgId()), "Stripe's invoice renews it, not the job");
    assertEquals(5000, planCredits(stripes.orgId()));

    // The usage history lists the renewal in its place: a grant made after it comes before it.
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + operators.orgId() + "/grants",
            "{\"amount\":7}"));
    List<JsonObject> history =
        ModelPlatform.ok(operators.http().get("api/billing/usage-history?limit=3"))
            .getJsonArray("entries")
            .getValuesAs(JsonObject.class);
    assertEquals(
        List.of("grant", "plan_credits", "plan_credits"),
        history.stream().map(e -> e.getString("kind")).toList(),
        history.toString());
    assertTrue(history.get(1).getString("description").endsWith("renewed"), history.toString());
  }

  /**
   * The run over all organizations renews range by range (V37: one statement each for a range's
   * subscriptions, transfers and entries): two due subscriptions in one range get their own period
   * and credits, once.
   */
  @Test
  void aRangeOfDueOperatorSubscriptionsRenewsEachOnceInOneCall() throws Exception {
    Http admin = superadmin();
    String slug = "ranged-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/plans",
            "{\"slug\":\""
                + slug
                + "\",\"name\":\"Ranged\",\"monthly_credits\":3000,\"price_cents\":0}"));
    List<String> orgs = new ArrayList<>();
    for (String name : List.of("ranged-a", "ranged-b")) {
      String org = Accounts.withOrganization(anonymous, name).orgId();
      subscribe(admin, org, slug);
      orgs.add(org);
    }
    orgs.sort(Comparator.naturalOrder()); // text order is PostgreSQL's uuid order
    String renew =
        "select r.org_id, r.credits, r.period_start <= now() and r.period_end > now()"
            + " from subscription_renew_due((select id from organizations where id < ?::uuid"
            + " order by id desc limit 1), ?::uuid, null, now()) r"
            + " where r.org_id in (?::uuid, ?::uuid) order by r.org_id";
    try (Connection c = TestDatabase.connect()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "update billing_subscriptions set current_period_start = now() - interval '70"
                  + " days', current_period_end = now() - interval '40 days'"
                  + " where org_id in (?::uuid, ?::uuid)")) {
        s.setString(1, orgs.get(0));
        s.setString(2, orgs.get(1));
        assertEquals(2, s.executeUpdate());
      }
      for (int round = 0; round < 2; round++) {
        try (PreparedStatement s = c.prepareStatement(renew)) {
          s.setString(1, orgs.get(0));
          s.setString(2, orgs.get(1));
          s.setString(3, orgs.get(0));
          s.setString(4, orgs.get(1));
          List<String> rows = new ArrayList<>();
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              rows.add(r.getString(1) + " " + r.getLong(2) + " " + r.getBoolean(3));
            }
          }
          assertEquals(
              round == 0
                  ? List.of(orgs.get(0) + " 3000 true", orgs.get(1) + " 3000 true")
                  : List.of(),
              rows,
              "round " + round);
        }
      }
    }
    for (String org : orgs) {
      assertEquals(6000, planCredits(org), "the subscription's and the renewal's, once each");
      assertEquals(
          1,
          number(
              "select count(*) from billing_subscriptions where org_id = ?::uuid"
                  + " and current_period_start <= now() and current_period_end > now()",
              org),
          "moved to the period running now");
      assertEquals(
          0,
          number(
              "select balance - (select coalesce(sum(e.amount), 0) from ledger_entries e"
                  + " where e.account_id = a.id) from billing_accounts a"
                  + " where a.org_id = ?::uuid and a.kind = 'credits'",
              org),
          "the cached balance is its entries' sum");
    }
  }

  /** The plan credits granted to the organization so far. */
  private static long planCredits(String org) throws SQLException {
    return number(
        "select coalesce(sum(amount), 0) from ledger_transfers where org_id = ?::uuid"
            + " and kind = 'plan_credits'",
        org);
  }

  @Test
  void theProviderCacheIsWarmedShownAndClearedByBillingAdminsOnly() throws Exception {
    Http admin = superadmin();
    Http adminKey = billingAdminKey(admin);
    Accounts.Account owner = Accounts.withOrganization(anonymous, "cache");
    for (String path :
        List.of(
            "api/billing/admin/openrouter-cache/warm",
            "api/billing/admin/openrouter-cache/clear")) {
      PlatformIT.assertProblem(owner.http().post(path, ""), 403, "billing_admin_required");
      assertEquals(401, anonymous.post(path, "").status(), path);
    }
    PlatformIT.assertProblem(
        owner.http().get("api/billing/admin/openrouter-cache/info"), 403, "billing_admin_required");

    JsonObject warmed =
        ModelPlatform.ok(adminKey.post("api/billing/admin/openrouter-cache/warm", ""));
    assertTrue(!warmed.getString("instance").isBlank());
    List<JsonObject> providers =
        warmed.getJsonObject("cache").getJsonArray("providers").getValuesAs(JsonObject.class);
    assertTrue(
        providers.stream()
            .anyMatch(
                p ->
                    p.getJsonArray("models").getValuesAs(jakarta.json.JsonString.class).stream()
                        .anyMatch(m -> m.getString().equals(EMBEDDING_MODEL))),
        warmed.toString());
    JsonObject info = ModelPlatform.ok(admin.get("api/billing/admin/openrouter-cache/info"));
    assertEquals(providers.size(), info.getJsonObject("cache").getJsonArray("providers").size());
    assertTrue(info.getJsonObject("cache").getJsonObject("byok").containsKey("hits"));

    JsonObject cleared =
        ModelPlatform.ok(admin.post("api/billing/admin/openrouter-cache/clear", ""));
    assertTrue(cleared.getInt("entries_cleared") >= providers.size(), cleared.toString());
    assertEquals(true, cleared.getBoolean("shared_with_other_instances"));
    assertEquals(
        0,
        ModelPlatform.ok(admin.get("api/billing/admin/openrouter-cache/info"))
            .getJsonObject("cache")
            .getJsonArray("providers")
            .size());
  }

  private static int cachedProviders(Http client) {
    return ModelPlatform.ok(client.get("api/billing/admin/openrouter-cache/info"))
        .getJsonObject("cache")
        .getJsonArray("providers")
        .size();
  }

  /**
   * A second instance on the same database, started once for the tests that need one (starting one
   * takes most of a minute) and stopped after the class; its superadmin client.
   */
  private Http secondInstance() throws Exception {
    if (second == null) {
      second =
          SecondInstance.start(
              "billing-quotas", Map.of(), List.of("-Dmainspring.instance-id=" + SECOND));
    }
    return second
        .http()
        .withHeader(
            "Authorization",
            "Bearer "
                + Accounts.login(
                    anonymous,
                    System.getenv("MAINSPRING_ADMIN_EMAIL"),
                    System.getenv("MAINSPRING_ADMIN_PASSWORD")));
  }

  @AfterAll
  static void stopSecondInstance() {
    if (second != null) {
      second.close();
    }
  }

  @Test
  @Order(LAST)
  void aCacheClearOnOneInstanceClearsTheCacheOfEveryInstance() throws Exception {
    Http admin = superadmin();
    Http there = secondInstance();
    JsonObject warmed = ModelPlatform.ok(there.post("api/billing/admin/openrouter-cache/warm", ""));
    assertEquals(SECOND, warmed.getString("instance"));
    assertTrue(cachedProviders(there) > 0, warmed.toString());

    // Cleared on this instance: the second one hears it through PostgreSQL and clears its own.
    JsonObject cleared =
        ModelPlatform.ok(admin.post("api/billing/admin/openrouter-cache/clear", ""));
    assertTrue(!cleared.getString("instance").equals(SECOND), cleared.toString());
    assertEquals(true, cleared.getBoolean("shared_with_other_instances"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (cachedProviders(there) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(0, cachedProviders(there), "the other instance's cache was cleared");
  }

  @Test
  @Order(LAST)
  void resetsOfOnePeriodRacingOnTwoInstancesResetItOnce() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "reset-cluster");
    subscribe(admin, owner.orgId(), plan(admin, 100L, null, null));
    setCounter(owner.orgId(), 80);
    String body = "{\"organization_id\":\"" + owner.orgId() + "\"}";
    Http there = secondInstance();
    java.util.concurrent.atomic.AtomicInteger turn =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Http.Reply> replies =
        race(
            6,
            () ->
                (turn.getAndIncrement() % 2 == 0 ? admin : there)
                    .post("api/billing/admin/reset-quotas", body));
    List<String> statuses = new ArrayList<>();
    List<String> instances = new ArrayList<>();
    String started = null;
    for (Http.Reply r : replies) {
      assertEquals(202, r.status(), r.toString());
      statuses.add(r.json().getString("status"));
      instances.add(r.json().getString("instance"));
      if (r.json().getString("status").equals("started")) {
        started = r.json().getString("id");
      }
    }
    assertEquals(1, statuses.stream().filter("started"::equals).count(), statuses.toString());
    assertTrue(instances.contains(SECOND), instances.toString());
    JsonObject run = awaitRun(admin, started);
    assertEquals("completed", run.getString("status"), run.toString());
    assertEquals(1, run.getInt("organizations_reset"));
    assertEquals(0, tokensUsed(owner.orgId()));
    assertEquals(
        6,
        number("select count(*) from billing_job_runs where scope = ?", owner.orgId()),
        "every attempt is in the history, one started and five skipped");
  }
}
