package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gateway calls against the ledger, end to end with the stub upstream: every usage record is posted
 * once at the price in force (a re-run posts nothing more, a record left by a crash is posted
 * after), and calls of an organization billing binds hold credits first, so that racing calls never
 * overdraw a small balance and each ends settled or released.
 */
class BillingGatewayIT extends ApiTest {

  private static final String SECRET = "sk-stub-" + UUID.randomUUID();
  private static final String CHAT_MODEL = "bill-" + UUID.randomUUID().toString().substring(0, 8);
  private static final long PROMPT_PRICE = 1_000_000; // 1 micro-credit per prompt token
  private static final long COMPLETION_PRICE = 2_000_000; // 2 per completion token
  private static final long CACHED_PRICE = 250_000; // 0.25 per cached prompt token

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
            "{\"max_concurrency\":500,\"idle_timeout_ms\":5000}");
    String modelId = ModelPlatform.activeChatModel(admin, CHAT_MODEL, providerId);
    ModelPlatform.activeDeployment(
        admin, "bill-" + CHAT_MODEL, ModelPlatform.binding("llm_inference", providerId, modelId));
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\""
                + CHAT_MODEL
                + "\",\"prompt_per_million\":"
                + PROMPT_PRICE
                + ",\"completion_per_million\":"
                + COMPLETION_PRICE
                + ",\"cached_per_million\":"
                + CACHED_PRICE
                + ",\"effective_from\":\"2020-01-01T00:00:00Z\"}"));
  }

  @AfterAll
  static void restore() throws Exception {
    if (stub != null) {
      stub.close();
    }
    ModelPlatform.reactivateLocalDefault();
  }

  private Http withKey(Accounts.Account account) {
    return anonymous.withHeader("Authorization", "Bearer " + apiKey(account));
  }

  /** A new API key of the account, all scopes; answers its secret. */
  private static String apiKey(Accounts.Account account) {
    return ModelPlatform.created(
            account.http().post("api-keys", "{\"name\":\"calls\",\"scopes\":[\"*\"]}"))
        .getString("secret");
  }

  private static String chat(int maxTokens) {
    return "{\"model\":\""
        + CHAT_MODEL
        + "\",\"max_tokens\":"
        + maxTokens
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
  }

  private static List<Http.Reply> concurrently(int calls, Http client, String body)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(calls, 32));
    try {
      List<Future<Http.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        futures.add(pool.submit(() -> client.post("v1/chat/completions", body)));
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

  /** One long from a query with one string parameter. */
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

  private static long usageRecords(String org) throws SQLException {
    return number("select count(*) from usage_records where org_id = ?::uuid", org);
  }

  private static long unbilled(String org) throws SQLException {
    return number(
        "select count(*) from usage_records where org_id = ?::uuid and billed_at is null", org);
  }

  private static long usageTransfers(String org) throws SQLException {
    return number(
        "select count(*) from ledger_transfers where org_id = ?::uuid and kind = 'usage'", org);
  }

  /**
   * What the org's usage records cost at the test's price, computed from the records: each rounded
   * up to whole micro-credits, its cached prompt tokens (a part of its prompt tokens) at the cached
   * price.
   */
  private static long pricedSum(String org) throws SQLException {
    return number(
        "select coalesce(sum(ceil(((prompt_tokens - cached_tokens) * "
            + PROMPT_PRICE
            + "::numeric + completion_tokens * "
            + COMPLETION_PRICE
            + " + cached_tokens * "
            + CACHED_PRICE
            + ") / 1000000)), 0) from usage_records where org_id = ?::uuid",
        org);
  }

  private static long ledgerSum(String org) throws SQLException {
    return number(
        "select coalesce(sum(amount), 0) from ledger_entries where org_id = ?::uuid", org);
  }

  private static long openHolds(String org) throws SQLException {
    return number("select count(*) from billing_reservations where org_id = ?::uuid", org);
  }

  /** The credits account's cached held amount (V28), which must equal the sum of its holds. */
  private static long heldAmount(String org) throws SQLException {
    return number(
        "select held from billing_accounts where org_id = ?::uuid and kind = 'credits'", org);
  }

  /** Waits until {@code count} usage records of the org are written and none is unbilled. */
  private static void awaitPosted(String org, long count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while ((usageRecords(org) < count || unbilled(org) > 0) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(count, usageRecords(org), "usage records written");
    assertEquals(0, unbilled(org), "every usage record posted");
  }

  private static long balance(Accounts.Account account) {
    return ModelPlatform.ok(account.http().get("api/billing/status"))
        .getJsonNumber("balance")
        .longValue();
  }

  @Test
  void everyConcurrentCallIsPostedOnceAtItsPriceAndARerunPostsNothingMore() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "posted");
    List<Http.Reply> replies = concurrently(24, withKey(a), chat(16));
    for (Http.Reply reply : replies) {
      assertEquals(200, reply.status(), reply.toString());
    }
    awaitPosted(a.orgId(), 24);
    long priced = pricedSum(a.orgId());
    assertTrue(priced > 0);
    assertEquals(24, usageTransfers(a.orgId()));
    // Billing binds no organization here: usage is charged, the balance goes below zero.
    assertEquals(-priced, balance(a));

    // The poster runs again over the same records (as after a crash before its commit was
    // acknowledged): their transfers exist by key, so nothing is charged twice.
    try (Connection c = TestDatabase.connect();
        PreparedStatement again =
            c.prepareStatement(
                "update usage_records set billed_at = null where org_id = ?::uuid")) {
      again.setString(1, a.orgId());
      assertEquals(24, again.executeUpdate());
    }
    awaitPosted(a.orgId(), 24);
    assertEquals(24, usageTransfers(a.orgId()));
    assertEquals(-priced, balance(a));

    JsonObject history = ModelPlatform.ok(a.http().get("api/billing/usage-history?limit=100"));
    assertEquals(24, history.getJsonArray("entries").size());
    JsonObject line = history.getJsonArray("entries").getJsonObject(0);
    assertEquals("usage", line.getString("kind"));
    assertEquals("debit", line.getString("direction"));
    assertEquals(CHAT_MODEL, line.getString("model"));
    assertEquals(0, line.getJsonNumber("cached_tokens").longValue());
    assertEquals(
        line.getJsonNumber("prompt_tokens").longValue() * 1
            + line.getJsonNumber("completion_tokens").longValue() * 2,
        line.getJsonNumber("amount").longValue());
  }

  @Test
  void cachedPromptTokensTheProviderReportsAreChargedAtTheCachedPrice() throws Exception {
    // The provider serves 8 of each prompt's 10 tokens from its cache and says so as OpenAI does
    // (usage.prompt_tokens_details.cached_tokens, counted inside prompt_tokens). A call costs its 2
    // uncached prompt tokens at 1, its 8 cached at 0.25 and its 4 completion tokens at 2: 2 + 2 + 8
    // = 12 micro-credits, where it would cost 18 without the cache.
    long granted = 1_000;
    Accounts.Account a = funded("cached", granted);
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .apiKey(apiKey(a))
            .baseUrl(base.toString() + "v1")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
    ChatCompletionCreateParams ask =
        ChatCompletionCreateParams.builder()
            .model(CHAT_MODEL)
            .addUserMessage("one two three four five six seven eight nine ten")
            .maxCompletionTokens(16L)
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    stub.cachePrompt(8);
    try {
      CompletionUsage whole = client.chat().completions().create(ask).usage().orElseThrow();
      assertEquals(10, whole.promptTokens());
      assertEquals(8, whole.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());

      CompletionUsage streamed = null;
      try (StreamResponse<ChatCompletionChunk> stream =
          client.chat().completions().createStreaming(ask)) {
        for (ChatCompletionChunk chunk :
            (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
          if (chunk.usage().isPresent()) {
            streamed = chunk.usage().get();
          }
        }
      }
      assertNotNull(streamed, "the usage chunk asked for");
      assertEquals(8, streamed.promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
    } finally {
      stub.cachePrompt(0);
    }

    awaitPosted(a.orgId(), 2);
    assertEquals(
        16,
        number("select sum(cached_tokens) from usage_records where org_id = ?::uuid", a.orgId()));
    assertEquals(24, pricedSum(a.orgId()));
    assertEquals(granted - 24, balance(a), "each call charged 12, its cached tokens at 0.25");
    assertEquals(0, ledgerSum(a.orgId()));
    JsonArray entries =
        ModelPlatform.ok(a.http().get("api/billing/usage-history?limit=10"))
            .getJsonArray("entries");
    int usageLines = 0;
    for (JsonObject line : entries.getValuesAs(JsonObject.class)) {
      if ("usage".equals(line.getString("kind"))) {
        usageLines++;
        assertEquals(12, line.getJsonNumber("amount").longValue(), line.toString());
        assertEquals(10, line.getJsonNumber("prompt_tokens").longValue());
        assertEquals(8, line.getJsonNumber("cached_tokens").longValue());
        assertEquals(4, line.getJsonNumber("completion_tokens").longValue());
      } else {
        assertTrue(line.isNull("cached_tokens"), "a grant has no tokens: " + line);
      }
    }
    assertEquals(2, usageLines);
    JsonObject usage = ModelPlatform.ok(a.http().get("api/usage"));
    assertEquals(20, usage.getJsonNumber("prompt_tokens").longValue());
    assertEquals(16, usage.getJsonNumber("cached_tokens").longValue());
    assertEquals(24, usage.getJsonNumber("credits_spent").longValue());
    assertEquals(
        16,
        usage.getJsonArray("models").getJsonObject(0).getJsonNumber("cached_tokens").longValue());
    awaitNothingHeld(a.orgId());
  }

  @Test
  void aUsageRecordLeftByACrashIsPostedExactlyOnce() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "crashed");
    UUID id = UUID.randomUUID();
    // Written as the gateway writes it, and the server gone before any poster ran.
    try (Connection c = TestDatabase.connect();
        PreparedStatement insert =
            c.prepareStatement(
                "insert into usage_records (id, org_id, model, endpoint, streamed, prompt_tokens,"
                    + " completion_tokens, estimated, duration_ms, outcome, http_status,"
                    + " created_at) values (?::uuid, ?::uuid, ?, 'chat.completions', false, 100,"
                    + " 50, false, 10, 'success', 200, now())")) {
      insert.setString(1, id.toString());
      insert.setString(2, a.orgId());
      insert.setString(3, CHAT_MODEL);
      insert.executeUpdate();
    }
    awaitPosted(a.orgId(), 1);
    Thread.sleep(600); // several poster rounds
    assertEquals(1, usageTransfers(a.orgId()));
    assertEquals(-(100 + 50 * 2), balance(a));
  }

  @Test
  void racingCallsNeverOverdrawASmallBalanceAndEveryHoldEnds() throws Exception {
    long granted = 400;
    Accounts.Account a = funded("racing", granted);

    // Each call holds its prompt estimate plus 16 completion tokens at 2: a few fit, not 200.
    int served = servedOrRefusedForCredits(concurrently(200, withKey(a), chat(16)));
    assertTrue(served > 0 && served < 200, "some calls fit the balance, not all: " + served);
    awaitPosted(a.orgId(), served);
    long spent = pricedSum(a.orgId());
    long left = balance(a);
    assertEquals(granted - spent, left);
    assertTrue(left >= 0, "never overdrawn: " + left);
    assertEquals(0, openHolds(a.orgId()), "every hold settled or released");
    assertEquals(0, heldAmount(a.orgId()), "the cached held amount is the sum of the holds");
    assertEquals(0, ledgerSum(a.orgId()), "every transfer of the organization balances");
    assertEquals(
        number(
            "select coalesce(sum(e.amount), 0) from ledger_entries e join billing_accounts a"
                + " on a.id = e.account_id where a.org_id = ?::uuid",
            a.orgId()),
        left,
        "the cached balance is the sum of the entries");
    JsonObject status = ModelPlatform.ok(a.http().get("api/billing/status"));
    assertEquals(0, status.getJsonNumber("reserved").longValue());
    assertEquals(left, status.getJsonNumber("available").longValue());

    // With what is left, a call whose estimate is larger is refused and holds nothing.
    Http.Reply refused = withKey(a).post("v1/chat/completions", chat(1_000_000));
    assertEquals(402, refused.status(), refused.toString());
    assertEquals(0, openHolds(a.orgId()));
    assertEquals(left, balance(a));
  }

  /** An organization on a plan (so billing binds it) with {@code granted} micro-credits. */
  private Accounts.Account funded(String label, long granted) {
    Accounts.Account a = Accounts.withOrganization(anonymous, label);
    Http admin = superadmin();
    String plan = label + "-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post("v1/platform/billing/plans", "{\"slug\":\"" + plan + "\",\"name\":\"P\"}"));
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + a.orgId() + "/subscription",
            "{\"plan\":\"" + plan + "\"}"));
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + a.orgId() + "/grants",
            "{\"amount\":" + granted + "}"));
    return a;
  }

  /** How many of the replies were served; every other one must be a 402 for credits. */
  private static int servedOrRefusedForCredits(List<Http.Reply> replies) {
    int served = 0;
    for (Http.Reply reply : replies) {
      if (reply.status() == 200) {
        served++;
      } else {
        assertEquals(402, reply.status(), reply.toString());
        assertEquals(
            "insufficient_credits",
            reply.json().getJsonObject("error").getString("code"),
            reply.toString());
      }
    }
    return served;
  }

  /** Waits (up to 10 s) until the org holds nothing: its leases closed, given back and gone. */
  private static void awaitNothingHeld(String org) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while ((openHolds(org) > 0 || heldAmount(org) > 0) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(0, openHolds(org), "every lease and hold ended");
    assertEquals(0, heldAmount(org), "the cached held amount is the sum of the holds");
  }

  @Test
  void aWellFundedOrganizationsCallsAreAdmittedUnderALeaseAndChargedExactly() throws Exception {
    long granted = 1_000_000;
    Accounts.Account a = funded("leased", granted);
    List<Http.Reply> replies = concurrently(100, withKey(a), chat(16));
    for (Http.Reply reply : replies) {
      assertEquals(200, reply.status(), reply.toString());
    }
    awaitPosted(a.orgId(), 100);
    assertEquals(
        100,
        number(
            "select count(*) from usage_records where org_id = ?::uuid and lease_id is not null",
            a.orgId()),
        "every call was admitted under this instance's lease, without a hold of its own");
    assertTrue(
        number(
                "select count(distinct lease_id) from usage_records where org_id = ?::uuid",
                a.orgId())
            <= 3,
        "a lease covers many calls");
    long spent = pricedSum(a.orgId());
    assertEquals(100, usageTransfers(a.orgId()));
    assertEquals(granted - spent, balance(a), "each call charged its own cost, once");
    assertEquals(0, ledgerSum(a.orgId()));

    // Idle, the lease closes, gives back what it did not use and, emptied by the postings, goes.
    awaitNothingHeld(a.orgId());
    JsonObject status = ModelPlatform.ok(a.http().get("api/billing/status"));
    assertEquals(0, status.getJsonNumber("reserved").longValue());
    assertEquals(granted - spent, status.getJsonNumber("available").longValue());
  }

  @Test
  void racingCallsPastWhatLeasesMayTakeAreHeldOneByOneAndNeverOverdraw() throws Exception {
    // A call of a 100-word prompt is estimated at about 120 (its prompt as Mainspring counts it and
    // 8 completion tokens at 2) and costs 108 (the stub's 100 prompt and 4 completion tokens): 600
    // calls cost more than 40,000. A lease of 64 estimates may be taken while at least four times
    // that is available, so leases cover the first calls and, past that, calls hold their own
    // estimates until the credits run out.
    long granted = 40_000;
    Accounts.Account a = funded("edge", granted);
    String body =
        "{\"model\":\""
            + CHAT_MODEL
            + "\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\""
            + "word ".repeat(100).trim()
            + "\"}]}";
    int served = servedOrRefusedForCredits(concurrently(600, withKey(a), body));
    assertTrue(served > 0 && served < 600, "some calls fit the balance, not all: " + served);
    awaitPosted(a.orgId(), served);
    long leased =
        number(
            "select count(*) from usage_records where org_id = ?::uuid and lease_id is not null",
            a.orgId());
    assertTrue(leased > 0 && leased < served, "leased " + leased + " of " + served);
    long left = balance(a);
    assertEquals(granted - pricedSum(a.orgId()), left);
    assertTrue(left >= 0, "never overdrawn: " + left);
    assertEquals(0, ledgerSum(a.orgId()));
    awaitNothingHeld(a.orgId());
  }

  /**
   * An organization on a plan that gives each member {@code allowance} per period, granted {@code
   * granted} of its own (none when 0).
   */
  private Accounts.Account withAllowance(String label, long allowance, long granted) {
    Accounts.Account a = Accounts.withOrganization(anonymous, label);
    Http admin = superadmin();
    String plan = label + "-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject made =
        ModelPlatform.created(
            admin.post(
                "v1/platform/billing/plans",
                "{\"slug\":\""
                    + plan
                    + "\",\"name\":\"Seats\",\"member_credits\":"
                    + allowance
                    + "}"));
    assertEquals(allowance, made.getJsonNumber("member_credits").longValue());
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + a.orgId() + "/subscription",
            "{\"plan\":\"" + plan + "\"}"));
    if (granted > 0) {
      ModelPlatform.created(
          admin.post(
              "v1/platform/billing/organizations/" + a.orgId() + "/grants",
              "{\"amount\":" + granted + "}"));
    }
    return a;
  }

  /** The member's account balance in the organization (0 when they have none). */
  private static long memberBalance(String org, String user) throws SQLException {
    return number(
        "select coalesce(sum(balance), 0) from billing_accounts where org_id = ?::uuid"
            + " and kind = 'member' and user_id = '"
            + UUID.fromString(user)
            + "'::uuid",
        org);
  }

  /** The sum of the cached held amounts of the organization's member accounts. */
  private static long memberHeld(String org) throws SQLException {
    return number(
        "select coalesce(sum(held), 0) from billing_accounts where org_id = ?::uuid"
            + " and kind = 'member'",
        org);
  }

  /**
   * What the org's usage records admitted under {@code user}'s allowance cost (null: the org's).
   */
  private static long pricedSumOf(String org, String user) throws SQLException {
    return number(
        "select coalesce(sum(prompt_tokens * "
            + PROMPT_PRICE / 1_000_000
            + " + completion_tokens * "
            + COMPLETION_PRICE / 1_000_000
            + "), 0) from usage_records where org_id = ?::uuid and member_id "
            + (user == null ? "is null" : "= '" + UUID.fromString(user) + "'::uuid"),
        org);
  }

  private static long memberRecords(String org, String user) throws SQLException {
    return number(
        "select count(*) from usage_records where org_id = ?::uuid and member_id = '"
            + UUID.fromString(user)
            + "'::uuid",
        org);
  }

  private static JsonObject allowanceOf(Http client) {
    return ModelPlatform.ok(client.get("api/billing/status")).getJsonObject("member_allowance");
  }

  @Test
  void aMembersCallsSpendTheirOwnAllowanceFirstThenTheOrganizations() throws Exception {
    // A call of chat(16) holds its prompt and 16 completion tokens at 2 (about 45) and costs about
    // 20: an allowance of 100 admits a few of ten calls, the organization pays for the rest.
    long allowance = 100;
    long granted = 10_000;
    Accounts.Account a = withAllowance("members", allowance, granted);
    Accounts.Account b = Accounts.registered(anonymous, "members-b");
    assertEquals(
        201,
        a.http()
            .post(
                "api/orgs/" + a.orgId() + "/members",
                "{\"email\":\"" + b.email() + "\",\"role\":\"member\"}")
            .status());
    Http asB = b.http().withHeader("X-Org-Id", a.orgId());

    JsonObject before = allowanceOf(asB);
    assertEquals(allowance, before.getJsonNumber("monthly_credits").longValue());
    assertEquals(allowance, before.getJsonNumber("available").longValue());
    assertEquals(0, before.getJsonNumber("reserved").longValue());
    assertEquals(0, memberBalance(a.orgId(), b.userId()), "nothing granted before a call");

    Http aKey = withKey(a);
    for (int i = 0; i < 10; i++) {
      Http.Reply served = aKey.post("v1/chat/completions", chat(16));
      assertEquals(200, served.status(), served.toString());
    }
    awaitPosted(a.orgId(), 10);
    long aCalls = memberRecords(a.orgId(), a.userId());
    assertTrue(aCalls >= 1 && aCalls < 10, "the allowance admitted some calls, not all: " + aCalls);
    long aSpent = pricedSumOf(a.orgId(), a.userId());
    assertEquals(allowance - aSpent, memberBalance(a.orgId(), a.userId()));
    assertEquals(
        granted - pricedSumOf(a.orgId(), null),
        balance(a),
        "the organization paid exactly for the calls its member's allowance did not admit");
    JsonObject aAllowance = allowanceOf(a.http());
    assertEquals(allowance - aSpent, aAllowance.getJsonNumber("balance").longValue());
    assertEquals(allowance - aSpent, aAllowance.getJsonNumber("available").longValue());

    // Another member's call spends their own allowance, granted at that call.
    Http.Reply bCall = asB.post("v1/chat/completions", chat(16));
    assertEquals(200, bCall.status(), bCall.toString());
    awaitPosted(a.orgId(), 11);
    assertEquals(1, memberRecords(a.orgId(), b.userId()));
    long bSpent = pricedSumOf(a.orgId(), b.userId());
    assertTrue(bSpent > 0);
    assertEquals(allowance - bSpent, memberBalance(a.orgId(), b.userId()));
    assertEquals(allowance - aSpent, memberBalance(a.orgId(), a.userId()), "a's is untouched");
    assertEquals(allowance - bSpent, allowanceOf(asB).getJsonNumber("available").longValue());

    // The organization's admin sees every member's allowance; a member, or another organization's
    // admin, does not.
    List<JsonObject> all =
        ModelPlatform.ok(a.http().get("api/billing/member-allowances"))
            .getJsonArray("member_allowances")
            .getValuesAs(JsonObject.class);
    assertEquals(2, all.size(), all.toString());
    for (JsonObject one : all) {
      long spent = one.getString("user_id").equals(a.userId()) ? aSpent : bSpent;
      assertEquals(allowance, one.getJsonNumber("monthly_credits").longValue(), one.toString());
      assertEquals(allowance - spent, one.getJsonNumber("balance").longValue(), one.toString());
      assertEquals(allowance - spent, one.getJsonNumber("available").longValue(), one.toString());
    }
    assertEquals(
        List.of(a.userId(), b.userId()).stream().sorted().toList(),
        all.stream().map(one -> one.getString("user_id")).sorted().toList());
    PlatformIT.assertProblem(asB.get("api/billing/member-allowances"), 403, "admin_required");
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "members-stranger");
    PlatformIT.assertProblem(
        stranger.http().withHeader("X-Org-Id", a.orgId()).get("api/billing/member-allowances"),
        403,
        "not_a_member");
    List<JsonObject> theirs =
        ModelPlatform.ok(stranger.http().get("api/billing/member-allowances"))
            .getJsonArray("member_allowances")
            .getValuesAs(JsonObject.class);
    assertEquals(1, theirs.size(), theirs.toString());
    assertEquals(stranger.userId(), theirs.get(0).getString("user_id"));
    assertEquals(0, theirs.get(0).getJsonNumber("monthly_credits").longValue());

    assertEquals(
        2,
        number(
            "select count(*) from ledger_transfers where org_id = ?::uuid"
                + " and idempotency_key like 'member:%'",
            a.orgId()),
        "each member's allowance was granted once");
    // The history lists each grant in time order: b's (at b's call, the last) among the newest,
    // a's (at a's first call) among the oldest.
    List<JsonObject> history =
        ModelPlatform.ok(a.http().get("api/billing/usage-history?limit=100"))
            .getJsonArray("entries")
            .getValuesAs(JsonObject.class);
    List<Integer> allowances = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).getString("kind").equals("plan_credits")) {
        allowances.add(i);
      }
    }
    assertEquals(2, allowances.size(), history.toString());
    assertTrue(allowances.get(0) <= 1, "b's grant is among the newest: " + history);
    assertTrue(allowances.get(1) >= 9, "a's grant is among the oldest: " + history);
    assertEquals(0, ledgerSum(a.orgId()), "every transfer balances");
    assertEquals(0, openHolds(a.orgId()));
    assertEquals(0, memberHeld(a.orgId()), "the members' cached held amounts are their holds");

    // A plan's allowance must not be negative.
    PlatformIT.assertProblem(
        superadmin()
            .post(
                "v1/platform/billing/plans",
                "{\"slug\":\"neg-"
                    + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"name\":\"N\",\"member_credits\":-1}"),
        400,
        "invalid_amount");
  }

  @Test
  void racingCallsOfOneMemberNeverOverdrawTheirAllowanceAndANewPeriodGrantsItAgain()
      throws Exception {
    long allowance = 400;
    Accounts.Account a = withAllowance("member-race", allowance, 0);
    Http key = withKey(a);
    List<Http.Reply> replies = concurrently(100, key, chat(16));
    int served = servedOrRefusedForCredits(replies);
    assertTrue(served > 0 && served < 100, "some calls fit the allowance, not all: " + served);
    Http.Reply refused = replies.stream().filter(r -> r.status() == 402).findFirst().orElseThrow();
    assertTrue(
        refused.json().getJsonObject("error").getString("message").contains("member allowance"),
        "the refusal says what the allowance had too: " + refused);
    awaitPosted(a.orgId(), served);
    assertEquals(served, memberRecords(a.orgId(), a.userId()), "all held by the allowance");
    long spent = pricedSum(a.orgId());
    long left = memberBalance(a.orgId(), a.userId());
    assertEquals(allowance - spent, left);
    assertTrue(left >= 0, "never overdrawn: " + left);
    assertEquals(0, balance(a), "the organization, with nothing of its own, paid nothing");
    assertEquals(0, openHolds(a.orgId()), "every hold settled or released");
    assertEquals(0, memberHeld(a.orgId()));
    assertEquals(0, ledgerSum(a.orgId()));

    // The next period (its start moved, as a renewal does) tops the allowance up to 400 again at
    // the member's next call, once; the instance remembers a short allowance a few seconds.
    try (Connection c = TestDatabase.connect();
        PreparedStatement renew =
            c.prepareStatement(
                "update billing_subscriptions set current_period_start = now(),"
                    + " current_period_end = now() + interval '1 month' where org_id = ?::uuid")) {
      renew.setString(1, a.orgId());
      assertEquals(1, renew.executeUpdate());
    }
    assertEquals(allowance, allowanceOf(a.http()).getJsonNumber("available").longValue());
    Thread.sleep(5_500);
    Http.Reply next = key.post("v1/chat/completions", chat(16));
    assertEquals(200, next.status(), next.toString());
    awaitPosted(a.orgId(), served + 1);
    long cost = pricedSum(a.orgId()) - spent;
    assertEquals(allowance - cost, memberBalance(a.orgId(), a.userId()));
    assertEquals(
        2,
        number(
            "select count(*) from ledger_transfers where org_id = ?::uuid"
                + " and idempotency_key like 'member:%'",
            a.orgId()),
        "one grant per period");
    assertEquals(0, ledgerSum(a.orgId()));
  }

  @Test
  void aMembersAllowanceInOneOrganizationPaysNothingInAnother() throws Exception {
    Accounts.Account a = withAllowance("member-home", 1_000, 0);
    // the same user's own second organization, on a plan without an allowance and no credits
    String other =
        ModelPlatform.created(
                a.http().post("api/orgs", "{\"name\":\"other " + UUID.randomUUID() + "\"}"))
            .getString("id");
    Http admin = superadmin();
    String plan = "plain-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post("v1/platform/billing/plans", "{\"slug\":\"" + plan + "\",\"name\":\"P\"}"));
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + other + "/subscription",
            "{\"plan\":\"" + plan + "\"}"));
    Http inOther = a.http().withHeader("X-Org-Id", other);

    Http.Reply refused = inOther.post("v1/chat/completions", chat(16));
    assertEquals(402, refused.status(), refused.toString());
    assertEquals("insufficient_credits", refused.json().getJsonObject("error").getString("code"));
    JsonObject otherStatus = ModelPlatform.ok(inOther.get("api/billing/status"));
    assertTrue(
        !otherStatus.containsKey("member_allowance") || otherStatus.isNull("member_allowance"),
        "no allowance shown where the plan gives none: " + otherStatus);
    assertEquals(0, memberBalance(other, a.userId()));
    assertEquals(0, memberBalance(a.orgId(), a.userId()), "the home allowance was not touched");
    assertEquals(0, openHolds(other));

    Http.Reply home =
        a.http().withHeader("X-Org-Id", a.orgId()).post("v1/chat/completions", chat(16));
    assertEquals(200, home.status(), home.toString());
    awaitPosted(a.orgId(), 1);
    assertEquals(1_000 - pricedSum(a.orgId()), memberBalance(a.orgId(), a.userId()));
  }

  @Test
  void expiredHoldsCountNoMoreAndTheSweeperReleasesThem() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "expired");
    Http admin = superadmin();
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + a.orgId() + "/grants", "{\"amount\":1000}"));
    UUID dead = UUID.randomUUID();
    try (Connection c = TestDatabase.connect();
        PreparedStatement hold =
            c.prepareStatement(
                "insert into billing_reservations (id, org_id, amount, instance_id, created_at,"
                    + " expires_at) values (?::uuid, ?::uuid, 1000, 'dead-instance',"
                    + " now() - interval '1 hour', now() - interval '1 second')")) {
      hold.setString(1, dead.toString());
      hold.setString(2, a.orgId());
      hold.executeUpdate();
    }
    JsonObject status = ModelPlatform.ok(a.http().get("api/billing/status"));
    assertEquals(0, status.getJsonNumber("reserved").longValue());
    assertEquals(1000, status.getJsonNumber("available").longValue());

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (openHolds(a.orgId()) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(0, openHolds(a.orgId()), "the sweeper released the dead instance's hold");
    assertEquals(0, heldAmount(a.orgId()), "the cached held amount is the sum of the holds");
    assertEquals(1000, balance(a));
  }
}
