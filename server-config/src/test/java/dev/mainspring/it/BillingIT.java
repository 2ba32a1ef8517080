package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The credits ledger's database guarantees (balanced transfers, immutable entries, idempotent keys,
 * cached balances, tenant isolation) and the billing endpoints: document E's reads, the
 * superadmin's prices, plans, subscriptions and grants, with their roles and tenant boundaries.
 */
class BillingIT extends ApiTest {

  private static final String GRANTS = "00000000-0000-7000-8000-0000000b0003";

  private Http superadmin() {
    return Accounts.superadmin(anonymous);
  }

  private static String grant(long amount, boolean promotional, String key) {
    return "{\"amount\":"
        + amount
        + ",\"promotional\":"
        + promotional
        + (key == null ? "" : ",\"idempotency_key\":\"" + key + "\"")
        + "}";
  }

  private static long sumOfEntries(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "select coalesce(sum(amount), 0) from ledger_entries where account_id = ?::uuid")) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static String account(Connection c, String org, String kind) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select billing_account(?::uuid, ?)")) {
      s.setString(1, org);
      s.setString(2, kind);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private static long cachedBalance(Connection c, String accountId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("select balance from billing_accounts where id = ?::uuid")) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Test
  void aTransferThatDoesNotBalanceIsRefusedByTheDatabase() throws Exception {
    String org = Accounts.withOrganization(anonymous, "unbalanced").orgId();
    try (Connection c = TestDatabase.connect()) {
      String credits = account(c, org, "credits");
      SQLException viaFunction =
          assertThrows(
              SQLException.class,
              () -> {
                try (Statement s = c.createStatement()) {
                  s.execute(
                      "select ledger_post(gen_random_uuid(), '"
                          + org
                          + "', 'k-"
                          + UUID.randomUUID()
                          + "', 'adjustment', null, null, array['"
                          + GRANTS
                          + "'::uuid, '"
                          + credits
                          + "'::uuid], array[-5, 4]::bigint[])");
                }
              });
      assertEquals("23514", viaFunction.getSQLState(), viaFunction.getMessage());

      // Written row by row past the function, the first entry leaves its transfer unbalanced: the
      // statement is refused (V28 checks each statement's entries of a transfer; before, the
      // check ran at commit).
      c.setAutoCommit(false);
      UUID transfer = UUID.randomUUID();
      try (Statement s = c.createStatement()) {
        s.execute(
            "insert into ledger_transfers (id, org_id, idempotency_key, kind, amount, created_at)"
                + " values ('"
                + transfer
                + "', '"
                + org
                + "', 'raw-"
                + transfer
                + "', 'adjustment', 7, now())");
        SQLException atInsert =
            assertThrows(
                SQLException.class,
                () ->
                    s.execute(
                        "insert into ledger_entries (transfer_id, account_id, org_id, amount)"
                            + " values ('"
                            + transfer
                            + "', '"
                            + credits
                            + "', '"
                            + org
                            + "', 7)"));
        assertEquals("23514", atInsert.getSQLState(), atInsert.getMessage());
      }
      c.rollback();
      c.setAutoCommit(true);
      assertEquals(0, cachedBalance(c, credits));
      assertEquals(0, sumOfEntries(c, credits));
    }
  }

  /**
   * V33 checks per statement what the entries' foreign keys checked per row: an entry names an
   * account and a transfer that exist, and the transfer is its organization's. Each bad pair
   * balances, so only that check can refuse it.
   */
  @Test
  void entriesNamingAMissingAccountOrTransferOrAnotherOrganizationsTransferAreRefused()
      throws Exception {
    String org = Accounts.withOrganization(anonymous, "entries-checked").orgId();
    String other = Accounts.withOrganization(anonymous, "entries-other").orgId();
    try (Connection c = TestDatabase.connect()) {
      String credits = account(c, org, "credits");
      String promotional = account(c, org, "promotional");
      c.setAutoCommit(false);
      String transfer = rawTransfer(c, org);
      String othersTransfer = rawTransfer(c, other);
      String missing = UUID.randomUUID().toString();
      record Case(String transfer, String debit, String credit, String state) {}
      for (Case bad :
          List.of(
              new Case(transfer, credits, missing, "23503"),
              new Case(missing, credits, promotional, "23503"),
              new Case(othersTransfer, credits, promotional, "23514"))) {
        try (Statement s = c.createStatement()) {
          s.execute("savepoint entry");
          String pair =
              "insert into ledger_entries (transfer_id, account_id, org_id, amount) values ('%s',"
                  + " '%s', '%s', -3), ('%s', '%s', '%s', 3)";
          SQLException refused =
              assertThrows(
                  SQLException.class,
                  () ->
                      s.execute(
                          pair.formatted(
                              bad.transfer(), bad.debit(), org, bad.transfer(), bad.credit(), org)),
                  bad.toString());
          assertEquals(bad.state(), refused.getSQLState(), refused.getMessage());
          s.execute("rollback to savepoint entry");
        }
      }
      c.rollback();
      c.setAutoCommit(true);
      assertEquals(0, cachedBalance(c, credits));
      assertEquals(0, sumOfEntries(c, credits));
    }
  }

  /** A transfer of {@code org} written past the ledger functions, without entries. */
  private static String rawTransfer(Connection c, String org) throws SQLException {
    String id = UUID.randomUUID().toString();
    try (Statement s = c.createStatement()) {
      s.execute(
          "insert into ledger_transfers (id, org_id, idempotency_key, kind, amount, created_at)"
              + " values ('%s', '%s', 'raw-%s', 'adjustment', 3, now())".formatted(id, org, id));
    }
    return id;
  }

  /**
   * Deleting an organization takes its ledger along: its transfers by their foreign key, their
   * entries by V33's trigger (the entries have no foreign keys of their own).
   */
  @Test
  void deletingAnOrganizationTakesItsTransfersAndEntriesAlong() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "deleted-ledger");
    Http.Reply granted =
        superadmin()
            .post(
                "v1/platform/billing/organizations/" + owner.orgId() + "/grants",
                grant(40, false, null));
    assertEquals(201, granted.status(), granted.toString());
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      String count =
          "select (select count(*) from ledger_transfers where org_id = '%1$s')"
              + " + (select count(*) from ledger_entries where org_id = '%1$s')";
      try (ResultSet r = s.executeQuery(count.formatted(owner.orgId()))) {
        r.next();
        assertEquals(3, r.getLong(1), "one transfer, two entries");
      }
      s.execute("delete from organizations where id = '" + owner.orgId() + "'");
      try (ResultSet r = s.executeQuery(count.formatted(owner.orgId()))) {
        r.next();
        assertEquals(0, r.getLong(1));
      }
    }
  }

  @Test
  void entriesAndTransfersCannotBeChangedOrDeleted() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "immutable");
    Http.Reply granted =
        superadmin()
            .post(
                "v1/platform/billing/organizations/" + owner.orgId() + "/grants",
                grant(50, false, null));
    assertEquals(201, granted.status(), granted.toString());
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      for (String change :
          List.of(
              "update ledger_entries set amount = amount * 2 where org_id = '"
                  + owner.orgId()
                  + "'",
              "delete from ledger_entries where org_id = '" + owner.orgId() + "'",
              "update ledger_transfers set amount = 0 where org_id = '" + owner.orgId() + "'",
              "delete from ledger_transfers where org_id = '" + owner.orgId() + "'")) {
        SQLException refused = assertThrows(SQLException.class, () -> s.execute(change), change);
        assertEquals("42501", refused.getSQLState(), change + ": " + refused.getMessage());
      }
      String credits = account(c, owner.orgId(), "credits");
      assertEquals(50, sumOfEntries(c, credits));
      assertEquals(50, cachedBalance(c, credits));
    }
  }

  @Test
  void deletingAnOrganizationRemovesItsLedgerAndNothingElse() throws Exception {
    Accounts.Account gone = Accounts.withOrganization(anonymous, "deleted");
    Accounts.Account kept = Accounts.withOrganization(anonymous, "kept");
    Http admin = superadmin();
    for (Accounts.Account account : List.of(gone, kept)) {
      ModelPlatform.created(
          admin.post(
              "v1/platform/billing/organizations/" + account.orgId() + "/grants",
              grant(70, false, null)));
    }
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      assertEquals(
          1, s.executeUpdate("delete from organizations where id = '" + gone.orgId() + "'"));
      for (String table : List.of("ledger_transfers", "ledger_entries", "billing_accounts")) {
        try (ResultSet r =
            s.executeQuery(
                "select count(*) from " + table + " where org_id = '" + gone.orgId() + "'")) {
          r.next();
          assertEquals(0, r.getLong(1), table);
        }
      }
      String credits = account(c, kept.orgId(), "credits");
      assertEquals(70, sumOfEntries(c, credits));
      assertEquals(70, cachedBalance(c, credits));
    }
  }

  @Test
  void reconciliationReportsACachedBalanceThatDriftedFromItsEntries() throws Exception {
    Http admin = superadmin();
    Accounts.Account a = Accounts.withOrganization(anonymous, "drifted");
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + a.orgId() + "/grants", grant(90, false, null)));
    JsonObject before = ModelPlatform.ok(admin.get("v1/platform/billing/reconciliation"));
    assertTrue(before.getBoolean("clean"), before.toString());
    assertProblem(http.get("v1/platform/billing/reconciliation"), 403, "superadmin_required");

    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      String credits = account(c, a.orgId(), "credits");
      s.executeUpdate("update billing_accounts set balance = 95 where id = '" + credits + "'");
      try {
        JsonObject after = ModelPlatform.ok(admin.get("v1/platform/billing/reconciliation"));
        assertFalse(after.getBoolean("clean"));
        JsonObject drift = after.getJsonArray("drift").getJsonObject(0);
        assertEquals(credits, drift.getString("account_id"));
        assertEquals(a.orgId(), drift.getString("org_id"));
        assertEquals(95, drift.getJsonNumber("cached_balance").longValue());
        assertEquals(90, drift.getJsonNumber("entries_balance").longValue());
      } finally {
        s.executeUpdate("update billing_accounts set balance = 90 where id = '" + credits + "'");
      }
    }
    assertTrue(
        ModelPlatform.ok(admin.get("v1/platform/billing/reconciliation")).getBoolean("clean"));
  }

  @Test
  void oneIdempotencyKeyPostsOnceEvenUnderConcurrentRetries() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "idempotent");
    Http admin = superadmin();
    String key = "topup-" + UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Http.Reply>> replies = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Callable<Http.Reply> retry =
            () ->
                admin.post(
                    "v1/platform/billing/organizations/" + owner.orgId() + "/grants",
                    grant(1_000, false, key));
        replies.add(pool.submit(retry));
      }
      int created = 0;
      for (Future<Http.Reply> reply : replies) {
        Http.Reply r = reply.get();
        assertTrue(r.status() == 201 || r.status() == 200, r.toString());
        created += r.status() == 201 ? 1 : 0;
        assertEquals(r.status() == 201, r.json().getBoolean("granted"));
      }
      assertEquals(1, created);
    } finally {
      pool.shutdownNow();
    }
    JsonObject status = ModelPlatform.ok(owner.http().get("api/billing/status"));
    assertEquals(1_000, status.getJsonNumber("credits").longValue());
    try (Connection c = TestDatabase.connect()) {
      String credits = account(c, owner.orgId(), "credits");
      assertEquals(1_000, sumOfEntries(c, credits));
      assertEquals(cachedBalance(c, credits), sumOfEntries(c, credits));
    }
  }

  @Test
  void theApplicationSeesOnlyItsOrganizationsLedgerRows() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "ledger-a");
    Accounts.Account b = Accounts.withOrganization(anonymous, "ledger-b");
    assertEquals(
        201,
        superadmin()
            .post(
                "v1/platform/billing/organizations/" + a.orgId() + "/grants", grant(5, false, null))
            .status());
    try (Connection c = TestDatabase.connectAsApplication()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("select set_config('app.org_id', '" + b.orgId() + "', true)");
        for (String table : List.of("ledger_transfers", "ledger_entries", "billing_accounts")) {
          try (ResultSet r =
              s.executeQuery(
                  "select count(*) from " + table + " where org_id = '" + a.orgId() + "'")) {
            r.next();
            assertEquals(0, r.getLong(1), table);
          }
        }
        SQLException direct =
            assertThrows(
                SQLException.class,
                () ->
                    s.execute(
                        "update billing_accounts set balance = 1000000 where org_id = '"
                            + b.orgId()
                            + "'"));
        assertEquals("42501", direct.getSQLState(), direct.getMessage());
      }
      c.rollback();
    }
  }

  @Test
  void anOrganizationWithoutBillingIsNotEnforcedAndHasNothing() {
    Accounts.Account fresh = Accounts.withOrganization(anonymous, "fresh");
    JsonObject status = ModelPlatform.ok(fresh.http().get("api/billing/status"));
    assertFalse(status.getBoolean("enforced"));
    assertEquals(0, status.getJsonNumber("balance").longValue());
    assertEquals(0, status.getJsonNumber("available").longValue());
    assertEquals("none", status.getJsonObject("subscription").getString("status"));
    assertEquals(
        "none", ModelPlatform.ok(fresh.http().get("api/billing/subscription")).getString("status"));
    assertEquals(
        0,
        ModelPlatform.ok(fresh.http().get("api/billing/usage-history"))
            .getJsonArray("entries")
            .size());
  }

  @Test
  void grantsShowInStatusAndHistoryPageByPageAndStayInTheirOrganization() {
    Accounts.Account a = Accounts.withOrganization(anonymous, "granted-a");
    Accounts.Account b = Accounts.withOrganization(anonymous, "granted-b");
    Http admin = superadmin();
    String grants = "v1/platform/billing/organizations/" + a.orgId() + "/grants";
    ModelPlatform.created(admin.post(grants, grant(3_000_000, false, null)));
    ModelPlatform.created(admin.post(grants, grant(500_000, true, null)));

    JsonObject status = ModelPlatform.ok(a.http().get("api/billing/status"));
    assertEquals(3_000_000, status.getJsonNumber("credits").longValue());
    assertEquals(500_000, status.getJsonNumber("promotional").longValue());
    assertEquals(3_500_000, status.getJsonNumber("balance").longValue());
    assertEquals(3_500_000, status.getJsonNumber("available").longValue());

    JsonObject first = ModelPlatform.ok(a.http().get("api/billing/usage-history?limit=1"));
    assertEquals(1, first.getJsonArray("entries").size());
    JsonObject newest = first.getJsonArray("entries").getJsonObject(0);
    assertEquals("grant", newest.getString("kind"));
    assertEquals("credit", newest.getString("direction"));
    assertEquals(500_000, newest.getJsonNumber("amount").longValue());
    JsonObject second =
        ModelPlatform.ok(
            a.http()
                .get("api/billing/usage-history?limit=1&cursor=" + first.getString("next_cursor")));
    assertEquals(
        3_000_000,
        second.getJsonArray("entries").getJsonObject(0).getJsonNumber("amount").longValue());

    // Another organization sees none of it.
    JsonObject other = ModelPlatform.ok(b.http().get("api/billing/status"));
    assertEquals(0, other.getJsonNumber("balance").longValue());
    assertEquals(
        0,
        ModelPlatform.ok(b.http().get("api/billing/usage-history")).getJsonArray("entries").size());
    assertProblem(
        b.http().withHeader("X-Org-Id", a.orgId()).get("api/billing/status"), 403, "not_a_member");
    assertProblem(
        b.http().withHeader("X-Org-Id", a.orgId()).get("api/billing/usage-history"),
        403,
        "not_a_member");
  }

  @Test
  void onlySuperadminsGrantAndBadGrantsChangeNothing() {
    Accounts.Account a = Accounts.withOrganization(anonymous, "guarded");
    String grants = "v1/platform/billing/organizations/" + a.orgId() + "/grants";
    assertProblem(a.http().post(grants, grant(10, false, null)), 403, "superadmin_required");
    JsonObject key =
        ModelPlatform.created(a.http().post("api-keys", "{\"name\":\"k\",\"scopes\":[\"*\"]}"));
    Http viaKey = anonymous.withHeader("Authorization", "Bearer " + key.getString("secret"));
    assertProblem(viaKey.post(grants, grant(10, false, null)), 403, "user_token_required");
    assertEquals(401, anonymous.post(grants, grant(10, false, null)).status());

    Http admin = superadmin();
    assertProblem(admin.post(grants, grant(0, false, null)), 400, "invalid_amount");
    assertProblem(admin.post(grants, grant(-5, false, null)), 400, "invalid_amount");
    assertProblem(admin.post(grants, grant(5, false, "bad key!")), 400, "invalid_idempotency_key");
    assertProblem(
        admin.post(
            "v1/platform/billing/organizations/" + UUID.randomUUID() + "/grants",
            grant(5, false, null)),
        404,
        "organization_not_found");
    assertEquals(
        0,
        ModelPlatform.ok(a.http().get("api/billing/status")).getJsonNumber("balance").longValue());

    // The API key reads billing with billing:read, not without.
    assertEquals(200, viaKey.get("api/billing/status").status());
    JsonObject narrow =
        ModelPlatform.created(
            a.http().post("api-keys", "{\"name\":\"narrow\",\"scopes\":[\"projects:read\"]}"));
    assertProblem(
        anonymous
            .withHeader("Authorization", "Bearer " + narrow.getString("secret"))
            .get("api/billing/status"),
        403,
        "insufficient_scope");
    for (String path :
        List.of(
            "api/billing/status",
            "api/billing/subscription",
            "api/billing/usage-history",
            "api/billing/plans")) {
      assertEquals(401, anonymous.get(path).status(), path);
    }
    for (String path :
        List.of("api/billing/status", "api/billing/subscription", "api/billing/usage-history")) {
      assertProblem(
          anonymous.withHeader("Authorization", "Bearer " + narrow.getString("secret")).get(path),
          403,
          "insufficient_scope");
      assertProblem(
          Accounts.withOrganization(anonymous, "outsider")
              .http()
              .withHeader("X-Org-Id", a.orgId())
              .get(path),
          403,
          "not_a_member");
    }
  }

  @Test
  void superadminsSetVersionedPricesAndOthersCannot() {
    Http admin = superadmin();
    String model = "priced-" + UUID.randomUUID();
    JsonObject first =
        ModelPlatform.created(
            admin.post(
                "v1/platform/billing/prices",
                "{\"model\":\""
                    + model
                    + "\",\"prompt_per_million\":1000,\"completion_per_million\":2000,"
                    + "\"effective_from\":\"2026-01-01T00:00:00Z\"}"));
    assertTrue(
        first.isNull("cached_per_million"),
        "no cached price named: cached prompt tokens cost what other prompt tokens cost");
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\"" + model + "\",\"prompt_per_million\":3000}"));
    JsonObject prices = ModelPlatform.ok(admin.get("v1/platform/billing/prices?model=" + model));
    assertEquals(2, prices.getJsonArray("prices").size());
    assertEquals(
        1000,
        prices
            .getJsonArray("prices")
            .getJsonObject(0)
            .getJsonNumber("prompt_per_million")
            .longValue());

    assertProblem(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\"" + model + "\",\"effective_from\":\"2026-01-01T00:00:00Z\"}"),
        409,
        "price_exists");
    assertProblem(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\"" + model + "\",\"prompt_per_million\":-1}"),
        400,
        "invalid_amount");
    assertProblem(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\"" + model + "\",\"cached_per_million\":-1}"),
        400,
        "invalid_amount");
    assertProblem(
        admin.post("v1/platform/billing/prices", "{\"prompt_per_million\":1}"),
        400,
        "invalid_model");
    assertProblem(
        http.post("v1/platform/billing/prices", "{\"model\":\"" + model + "\"}"),
        403,
        "superadmin_required");
    assertProblem(http.get("v1/platform/billing/prices"), 403, "superadmin_required");
    assertEquals(
        2,
        ModelPlatform.ok(admin.get("v1/platform/billing/prices?model=" + model))
            .getJsonArray("prices")
            .size());
  }

  @Test
  void aSubscriptionGrantsItsMonthlyCreditsAndSwitchesEnforcementOn() {
    Http admin = superadmin();
    String slug = "team-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject plan =
        ModelPlatform.created(
            admin.post(
                "v1/platform/billing/plans",
                "{\"slug\":\""
                    + slug
                    + "\",\"name\":\"Team\",\"monthly_credits\":2000000,\"price_cents\":1900}"));
    assertEquals("usd", plan.getString("currency"));
    assertProblem(
        admin.post("v1/platform/billing/plans", "{\"slug\":\"" + slug + "\",\"name\":\"Again\"}"),
        409,
        "plan_slug_taken");
    assertProblem(
        admin.post("v1/platform/billing/plans", "{\"slug\":\"Bad Slug\",\"name\":\"x\"}"),
        400,
        "invalid_slug");
    String hidden = "hidden-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/plans",
            "{\"slug\":\"" + hidden + "\",\"name\":\"Hidden\",\"active\":false}"));
    assertProblem(
        http.post("v1/platform/billing/plans", "{\"slug\":\"mine\",\"name\":\"Mine\"}"),
        403,
        "superadmin_required");

    Accounts.Account a = Accounts.withOrganization(anonymous, "subscriber");
    List<String> offered =
        ModelPlatform.ok(a.http().get("api/billing/plans")).getJsonArray("plans").stream()
            .map(JsonObject.class::cast)
            .map(p -> p.getString("slug"))
            .toList();
    assertTrue(offered.contains(slug), offered.toString());
    assertFalse(offered.contains(hidden), offered.toString());

    String subscription = "v1/platform/billing/organizations/" + a.orgId() + "/subscription";
    assertProblem(
        a.http().put(subscription, "{\"plan\":\"" + slug + "\"}"), 403, "superadmin_required");
    assertProblem(admin.put(subscription, "{\"plan\":\"no-such-plan\"}"), 404, "plan_not_found");
    assertProblem(
        admin.put(
            "v1/platform/billing/organizations/" + UUID.randomUUID() + "/subscription",
            "{\"plan\":\"" + slug + "\"}"),
        404,
        "organization_not_found");
    JsonObject subscribed =
        ModelPlatform.ok(admin.put(subscription, "{\"plan\":\"" + slug + "\"}"));
    assertEquals("active", subscribed.getString("status"));
    assertEquals(slug, subscribed.getJsonObject("plan").getString("slug"));
    assertNotNull(subscribed.getString("current_period_end"));

    JsonObject status = ModelPlatform.ok(a.http().get("api/billing/status"));
    assertTrue(status.getBoolean("enforced"));
    assertEquals(2_000_000, status.getJsonNumber("credits").longValue());
    assertEquals(
        slug,
        ModelPlatform.ok(a.http().get("api/billing/subscription"))
            .getJsonObject("plan")
            .getString("slug"));
    JsonObject history =
        ModelPlatform.ok(a.http().get("api/billing/usage-history"))
            .getJsonArray("entries")
            .getJsonObject(0);
    assertEquals("plan_credits", history.getString("kind"));

    // Canceling keeps the organization to what it has: it does not become unlimited.
    JsonObject canceled =
        ModelPlatform.ok(
            admin.put(subscription, "{\"plan\":\"" + slug + "\",\"status\":\"canceled\"}"));
    assertEquals("canceled", canceled.getString("status"));
    JsonObject afterCancel = ModelPlatform.ok(a.http().get("api/billing/status"));
    assertTrue(afterCancel.getBoolean("enforced"));
    assertEquals(2_000_000, afterCancel.getJsonNumber("credits").longValue());
    assertProblem(
        admin.put(subscription, "{\"plan\":\"" + slug + "\",\"status\":\"paused\"}"),
        400,
        "invalid_status");

    // Another organization is not subscribed by it.
    Accounts.Account b = Accounts.withOrganization(anonymous, "not-subscriber");
    assertEquals(
        "none", ModelPlatform.ok(b.http().get("api/billing/subscription")).getString("status"));
    assertFalse(ModelPlatform.ok(b.http().get("api/billing/status")).getBoolean("enforced"));
  }
}
