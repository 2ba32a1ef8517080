package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The billing-reconciliation job end to end: drift injected as the schema owner (a cached balance
 * moved past its entries, a billed usage record without its transfer, a paid purchase without its
 * transfer) is found, recorded and repaired by an on-demand run, and a second run finds nothing and
 * posts nothing twice; racing on-demand runs start one; the admin endpoints' role matrix.
 */
class BillingReconciliationIT extends ApiTest {

  static final String JOB = "billing-reconciliation";

  Http superadmin() {
    return Accounts.superadmin(anonymous);
  }

  /** An admin API key (scope billing:admin) made by the superadmin. */
  Http billingAdminKey(Http admin) {
    return Accounts.billingAdminKey(anonymous, admin, "recon ops");
  }

  static long number(String sql, String... parameters) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  static void execute(Connection c, String sql, String... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      s.execute();
    }
  }

  static String creditsAccount(String org) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement("select billing_account(?::uuid, 'credits')")) {
      s.setString(1, org);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  static long cached(String account) throws SQLException {
    return number("select balance from billing_accounts where id = ?::uuid", account);
  }

  static long held(String account) throws SQLException {
    return number("select held from billing_accounts where id = ?::uuid", account);
  }

  static long entries(String account) throws SQLException {
    return number(
        "select coalesce(sum(amount), 0) from ledger_entries where account_id = ?::uuid", account);
  }

  static long transfers(String key) throws SQLException {
    return number("select count(*) from ledger_transfers where idempotency_key = ?", key);
  }

  /**
   * A new model priced at 1 micro-credit per prompt token, 0.5 per cached prompt token and 2 per
   * completion token since 2020.
   */
  static String pricedModel(Http admin) {
    String model = "recon-" + UUID.randomUUID();
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\""
                + model
                + "\",\"prompt_per_million\":1000000,\"completion_per_million\":2000000,"
                + "\"cached_per_million\":500000,\"effective_from\":\"2020-01-01T00:00:00Z\"}"));
    return model;
  }

  /** A usage record of {@code org}, marked billed, with no transfer; answers its id. */
  static String billedUsageWithoutTransfer(String org, String model, boolean byok)
      throws SQLException {
    return billedUsageWithoutTransfer(org, model, byok, null);
  }

  /**
   * The same, of 3 prompt tokens (2 of them cached) and 4 completion tokens (10 micro-credits at
   * {@link #pricedModel}'s price), admitted under the allowance of {@code member} (null: the
   * organization's).
   */
  static String billedUsageWithoutTransfer(String org, String model, boolean byok, String member)
      throws SQLException {
    String id = UUID.randomUUID().toString();
    try (Connection c = TestDatabase.connect()) {
      execute(c, "select set_config('app.org_id', ?, false)", org);
      execute(
          c,
          "insert into usage_records (id, org_id, user_id, model, endpoint, streamed,"
              + " prompt_tokens, completion_tokens, cached_tokens, estimated, duration_ms, outcome,"
              + " http_status, created_at, billed_at, byok, member_id) values (?::uuid, ?::uuid,"
              + " ?::uuid, ?, 'chat', false, 3, 4, 2, false, 5, 'ok', 200, now(), now(), "
              + byok
              + ", ?::uuid)",
          id,
          org,
          member,
          model,
          member);
    }
    return id;
  }

  /** Starts an on-demand run as {@code admin}; answers the run as recorded. */
  static JsonObject reconcile(Http admin) {
    Http.Reply reply = admin.post("api/billing/admin/reconcile", "");
    assertEquals(202, reply.status(), reply.toString());
    return reply.json();
  }

  /** Waits (up to 60 s) until the run has ended; answers it as the job history shows it. */
  static JsonObject awaitRun(Http admin, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonObject run =
          ModelPlatform.ok(admin.get("api/billing/admin/jobs?name=" + JOB + "&limit=100"))
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

  /** The run's findings about {@code org}, every page. */
  static List<JsonObject> findings(Http admin, String runId, String org) {
    List<JsonObject> found = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page =
          ModelPlatform.ok(
              admin.get(
                  "api/billing/admin/reconciliation/findings?limit=2&run_id="
                      + runId
                      + (cursor == null ? "" : "&cursor=" + cursor)));
      page.getJsonArray("findings").getValuesAs(JsonObject.class).stream()
          .filter(f -> f.getString("organization_id").equals(org))
          .forEach(found::add);
      cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
    } while (cursor != null);
    return found;
  }

  static JsonObject only(List<JsonObject> findings, String kind) {
    List<JsonObject> of = findings.stream().filter(f -> f.getString("kind").equals(kind)).toList();
    assertEquals(1, of.size(), findings.toString());
    return of.get(0);
  }

  @Test
  void reconciliationFindsInjectedDriftRepairsItAndASecondRunFindsNothing() throws Exception {
    Http admin = superadmin();
    Accounts.Account a = Accounts.withOrganization(anonymous, "recon");
    String org = a.orgId();
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + org + "/grants",
            "{\"amount\":90,\"promotional\":false}"));
    String model = pricedModel(admin);
    String credits = creditsAccount(org);
    assertEquals(90, cached(credits));

    // The drift, injected as the owner: a cached balance past its entries, a billed usage record
    // (3 prompt tokens, 2 of them cached, and 4 completion tokens: 1 + 1 + 8 = 10 micro-credits,
    // the cached ones at their own price) without its transfer, a byok one (not
    // charged, so not drift), a paid purchase of 5,000 micro-credits and a paid renewal's 3,000
    // plan credits without their transfers.
    String usage = billedUsageWithoutTransfer(org, model, false);
    String byok = billedUsageWithoutTransfer(org, model, true);
    String purchaseKey = "stripe:checkout:cs_recon_" + UUID.randomUUID();
    String eventId = "evt_recon_" + UUID.randomUUID();
    String planKey = "plan:stripe:invoice:in_recon_" + UUID.randomUUID();
    String planEventId = "evt_recon_plan_" + UUID.randomUUID();
    try (Connection c = TestDatabase.connect()) {
      execute(c, "update billing_accounts set balance = balance + 7 where id = ?::uuid", credits);
      // the cached held (V28) past the organization's holds (it has none)
      execute(c, "update billing_accounts set held = held + 5 where id = ?::uuid", credits);
      execute(
          c,
          "insert into payment_events (provider, event_id, type, org_id, ledger_key, credits)"
              + " values ('stripe', ?, 'checkout.session.completed', ?::uuid, ?, 5000)",
          eventId,
          org,
          purchaseKey);
      // a paid renewal invoice's plan credits (V35) without their transfer
      execute(
          c,
          "insert into payment_events (provider, event_id, type, org_id, ledger_key, credits,"
              + " ledger_kind) values ('stripe', ?, 'invoice.paid', ?::uuid, ?, 3000,"
              + " 'plan_credits')",
          planEventId,
          org,
          planKey);
    }
    assertEquals(97, cached(credits));

    JsonObject run = reconcile(admin);
    assertEquals("started", run.getString("status"), run.toString());
    assertEquals("on_demand", run.getString("trigger"));
    assertEquals("on_demand", run.getString("scope"));
    JsonObject ended = awaitRun(admin, run.getString("id"));
    assertEquals("completed", ended.getString("status"), ended.toString());

    List<JsonObject> found = findings(admin, run.getString("id"), org);
    assertEquals(5, found.size(), found.toString());
    JsonObject drift = only(found, "balance_drift");
    assertEquals(credits, drift.getString("account_id"));
    assertEquals(97, drift.getJsonNumber("cached").longValue());
    assertEquals(90, drift.getJsonNumber("expected").longValue());
    JsonObject heldDrift = only(found, "held_drift");
    assertEquals(credits, heldDrift.getString("account_id"));
    assertEquals(5, heldDrift.getJsonNumber("cached").longValue());
    assertEquals(0, heldDrift.getJsonNumber("expected").longValue());
    JsonObject missingUsage = only(found, "missing_usage_transfer");
    assertEquals("usage_record:" + usage, missingUsage.getString("record"));
    assertEquals(10, missingUsage.getJsonNumber("expected").longValue());
    JsonObject missingPurchase = only(found, "missing_purchase_transfer");
    assertEquals("payment_event:stripe:" + eventId, missingPurchase.getString("record"));
    assertEquals(5000, missingPurchase.getJsonNumber("expected").longValue());
    JsonObject missingPlanCredits = only(found, "missing_plan_credits_transfer");
    assertEquals("payment_event:stripe:" + planEventId, missingPlanCredits.getString("record"));
    assertEquals(3000, missingPlanCredits.getJsonNumber("expected").longValue());

    // The balance equals its entries again, held its holds, and the missing transfers exist once.
    assertEquals(entries(credits), cached(credits));
    assertEquals(0, held(credits));
    assertEquals(90 - 10 + 5000 + 3000, cached(credits));
    assertEquals(1, transfers("usage:" + usage));
    assertEquals(0, transfers("usage:" + byok));
    assertEquals(1, transfers(purchaseKey));
    assertEquals(
        1,
        number(
            "select count(*) from ledger_transfers where idempotency_key = ?"
                + " and kind = 'plan_credits'",
            planKey));

    // A second run finds nothing about this organization and posts nothing twice.
    JsonObject again = reconcile(billingAdminKey(admin));
    assertEquals("started", again.getString("status"), again.toString());
    assertEquals("completed", awaitRun(admin, again.getString("id")).getString("status"));
    assertEquals(List.of(), findings(admin, again.getString("id"), org));
    assertEquals(1, transfers("usage:" + usage));
    assertEquals(1, transfers(purchaseKey));
    assertEquals(1, transfers(planKey));
    assertEquals(90 - 10 + 5000 + 3000, cached(credits));
    assertEquals(entries(credits), cached(credits));
  }

  @Test
  void aMembersAccountIsReconciledAndTheirMissingUsageTransferDrawnFromIt() throws Exception {
    Http admin = superadmin();
    Accounts.Account a = Accounts.withOrganization(anonymous, "recon-member");
    String org = a.orgId();
    String plan = "recon-seats-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/plans",
            "{\"slug\":\"" + plan + "\",\"name\":\"Seats\",\"member_credits\":1000}"));
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + org + "/subscription",
            "{\"plan\":\"" + plan + "\"}"));
    ModelPlatform.created(
        admin.post("v1/platform/billing/organizations/" + org + "/grants", "{\"amount\":90}"));
    String model = pricedModel(admin);

    // The member's allowance granted (as their first call does), then the drift, injected as the
    // owner: the member account's cached held past their holds (they have none), and a billed
    // usage record admitted by their allowance (3 prompt, 2 of them cached, and 4 completion
    // tokens: 10) without its
    // transfer.
    String member;
    try (Connection c = TestDatabase.connect()) {
      try (PreparedStatement s =
          c.prepareStatement("select billing_member_allowance(?::uuid, ?::uuid)")) {
        s.setString(1, org);
        s.setString(2, a.userId());
        try (ResultSet r = s.executeQuery()) {
          r.next();
          member = r.getString(1);
        }
      }
      execute(c, "update billing_accounts set held = held + 5 where id = ?::uuid", member);
    }
    String usage = billedUsageWithoutTransfer(org, model, false, a.userId());
    assertEquals(1000, cached(member));
    String credits = creditsAccount(org);

    JsonObject run = reconcile(admin);
    assertEquals("started", run.getString("status"), run.toString());
    assertEquals("completed", awaitRun(admin, run.getString("id")).getString("status"));
    List<JsonObject> found = findings(admin, run.getString("id"), org);
    assertEquals(2, found.size(), found.toString());
    JsonObject heldDrift = only(found, "held_drift");
    assertEquals(member, heldDrift.getString("account_id"));
    assertEquals(5, heldDrift.getJsonNumber("cached").longValue());
    assertEquals(0, heldDrift.getJsonNumber("expected").longValue());
    assertEquals(10, only(found, "missing_usage_transfer").getJsonNumber("expected").longValue());

    assertEquals(0, held(member));
    assertEquals(1000 - 10, cached(member), "the member's record was drawn from their allowance");
    assertEquals(entries(member), cached(member));
    assertEquals(90, cached(credits), "the organization's credits were not touched");
    assertEquals(1, transfers("usage:" + usage));
  }

  @Test
  void onDemandRunsRacingStartOne() throws Exception {
    Http admin = superadmin();
    int racers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<JsonObject>> replies = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        replies.add(
            pool.submit(
                () -> {
                  go.await();
                  return reconcile(admin);
                }));
      }
      go.countDown();
      List<JsonObject> runs = new ArrayList<>();
      for (Future<JsonObject> reply : replies) {
        runs.add(reply.get());
      }
      List<JsonObject> started =
          runs.stream().filter(r -> r.getString("status").equals("started")).toList();
      assertEquals(1, started.size(), runs.toString());
      for (JsonObject r : runs) {
        assertEquals(started.get(0).getString("period"), r.getString("period"), runs.toString());
        if (r != started.get(0)) {
          assertEquals("skipped", r.getString("status"), r.toString());
        }
      }
      assertEquals(
          "completed", awaitRun(admin, started.get(0).getString("id")).getString("status"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRunWhoseInstanceFellSilentIsTakenOverOnceAndCompleted() throws Exception {
    Http admin = superadmin();
    // A run that claimed the current on-demand key an hour ago and fell silent (its instance died):
    // inserted as the owner, with the key the next attempt would compute.
    String dead = UUID.randomUUID().toString();
    try (Connection c = TestDatabase.connect()) {
      execute(
          c,
          "insert into billing_job_runs (id, job_name, period_key, scope, trigger, status,"
              + " boundary, instance_id, started_at, heartbeat_at) select ?::uuid, ?, 'after:' ||"
              + " coalesce((select cast(id as varchar) from billing_job_runs where job_name = ?"
              + " and status in ('completed', 'failed') order by ended_at desc, id desc limit 1),"
              + " 'none'), 'on_demand', 'on_demand', 'started', now() - interval '1 hour',"
              + " 'gone-instance', now() - interval '1 hour', now() - interval '1 hour'",
          dead,
          JOB,
          JOB);
    }
    // The attempt takes the silent run over first (unless a scheduled round just did) and runs it
    // again from its checkpoint; the attempt itself is skipped, the key being that run's.
    JsonObject attempt = reconcile(admin);
    assertEquals("skipped", attempt.getString("status"), attempt.toString());
    JsonObject run = awaitRun(admin, dead);
    assertEquals("completed", run.getString("status"), run.toString());
    assertEquals(1, run.getInt("takeovers"), run.toString());
    assertFalse(run.getString("instance").startsWith("gone-"), run.toString());

    // Once: the next attempt starts a run of its own after it, and nothing takes it over again.
    JsonObject next = reconcile(admin);
    assertEquals("started", next.getString("status"), next.toString());
    assertEquals("after:" + dead, next.getString("period"));
    assertEquals("completed", awaitRun(admin, next.getString("id")).getString("status"));
    assertEquals(1, awaitRun(admin, dead).getInt("takeovers"));
  }

  @Test
  void theReconciliationEndpointsAnswerBillingAdminsOnly() throws Exception {
    Http admin = superadmin();
    Accounts.Account owner = Accounts.withOrganization(anonymous, "recon-roles");
    Accounts.Account member = Accounts.registered(anonymous, "recon-member");
    assertEquals(
        201,
        owner
            .http()
            .post(
                "api/orgs/" + owner.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    Http asMember = member.http().withHeader("X-Org-Id", owner.orgId());
    String findings = "api/billing/admin/reconciliation/findings";

    for (Http refused : List.of(asMember, owner.http())) {
      PlatformIT.assertProblem(
          refused.post("api/billing/admin/reconcile", ""), 403, "billing_admin_required");
      PlatformIT.assertProblem(refused.get(findings), 403, "billing_admin_required");
    }
    assertEquals(401, anonymous.post("api/billing/admin/reconcile", "").status());
    assertEquals(401, anonymous.get(findings).status());

    Http adminKey = billingAdminKey(admin);
    List<String> startedRuns = new ArrayList<>();
    for (Http allowed : List.of(admin, adminKey)) {
      JsonObject run = reconcile(allowed);
      assertEquals(JOB, run.getString("job"));
      if (run.getString("status").equals("started")) {
        startedRuns.add(run.getString("id"));
      }
      ModelPlatform.ok(allowed.get(findings));
      ModelPlatform.ok(allowed.get("api/billing/admin/jobs?name=" + JOB));
    }
    PlatformIT.assertProblem(admin.get(findings + "?run_id=nope"), 400, "invalid_run_id");
    PlatformIT.assertProblem(admin.get(findings + "?limit=0"), 400, "invalid_limit");
    assertTrue(!startedRuns.isEmpty());
    for (String id : startedRuns) {
      assertEquals("completed", awaitRun(admin, id).getString("status"));
    }
  }
}
