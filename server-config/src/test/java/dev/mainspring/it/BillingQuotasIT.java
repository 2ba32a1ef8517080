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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Plans' limits end to end with the built-in embeddings model (offline): the monthly token quota
 * (429 {@code quota_exceeded}, nothing written for the refused call, racing calls on the last
 * unit), the request rate per minute (429 {@code rate_limited} with {@code Retry-After} and the
 * RateLimit header fields, per organization) and the parallel-run cap shown on plans.
 */
class BillingQuotasIT extends ApiTest {

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

  /** Waits (up to 15 s) until every usage record of the organization is posted. */
  static void awaitPosted(String org) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (number(
                "select count(*) from usage_records where org_id = ?::uuid and billed_at is null",
                org)
            > 0
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(
        0,
        number(
            "select count(*) from usage_records where org_id = ?::uuid and billed_at is null", org),
        "usage records still unposted");
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
    for (int i = 0; i < 30 && refused == null; i++) {
      Http.Reply reply = owner.http().post("v1/embeddings", EMBED);
      if (reply.status() == 429) {
        refused = reply;
      } else {
        assertEquals(200, reply.status(), reply.toString());
        awaitPosted(owner.orgId());
      }
    }
    assertNotNull(refused, "the quota of 12 tokens was never reached");
    assertOpenAiError(refused, 429, "quota_exceeded");
    assertEquals("rate_limit_error", refused.json().getJsonObject("error").getString("type"));
    assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1, refused.toString());

    awaitPosted(owner.orgId());
    long records = usageRecords(owner.orgId());
    long used = tokensUsed(owner.orgId());
    assertTrue(used >= 12, "used " + used);
    assertOpenAiError(owner.http().post("v1/embeddings", EMBED), 429, "quota_exceeded");
    Thread.sleep(1_500);
    awaitPosted(owner.orgId());
    assertEquals(records, usageRecords(owner.orgId()), "a refused call writes no usage record");
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
    awaitPosted(owner.orgId());
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
    awaitPosted(owner.orgId());
    assertEquals(2, usageRecords(owner.orgId()), "one record before the race, one of the race");
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
}
