package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
 * Document E's bring-your-own-key group ({@code /api/billing/openrouter-key}) and payment-methods
 * group, end to end: keys stored encrypted and never returned, per user within an organization,
 * tested against a loopback stub provider; a gateway call of a user with a key for the serving
 * provider goes out with that key, is metered as byok and charges nothing. An organization's key
 * ({@code ?scope=organization}) serves its members who have none of their own.
 */
class BillingKeysIT extends ApiTest {

  private static final String PLATFORM_SECRET = "sk-platform-" + UUID.randomUUID();
  private static final String CHAT_MODEL = "byok-" + UUID.randomUUID().toString().substring(0, 8);

  /** The provider the gateway serves CHAT_MODEL from; it records each call's Authorization. */
  private static StubOpenAiServer gatewayStub;

  /** A provider that accepts one key only, for key tests. */
  private static StubOpenAiServer keyStub;

  private static final String GOOD_KEY = "sk-good-" + UUID.randomUUID();

  @BeforeEach
  void platform() throws Exception {
    if (gatewayStub != null) {
      return;
    }
    keyStub = StubOpenAiServer.start();
    keyStub.requireApiKey(GOOD_KEY);
    gatewayStub = StubOpenAiServer.start();
    gatewayStub.answer(List.of("Hello", "!"));
    gatewayStub.chunkDelay(Duration.ZERO);
    Http admin = Accounts.superadmin(anonymous);
    JsonObject credential =
        ModelPlatform.created(
            admin.post(
                "v1/modelops/credentials",
                "{\"name\":\"byok "
                    + UUID.randomUUID()
                    + "\",\"secret\":\""
                    + PLATFORM_SECRET
                    + "\"}"));
    String providerId =
        ModelPlatform.provider(
            admin,
            "stub-" + CHAT_MODEL,
            gatewayStub.baseUrl(),
            credential.getString("ref"),
            "{\"max_concurrency\":50,\"idle_timeout_ms\":5000}");
    String modelId = ModelPlatform.activeChatModel(admin, CHAT_MODEL, providerId);
    ModelPlatform.activeDeployment(
        admin, "byok-" + CHAT_MODEL, ModelPlatform.binding("llm_inference", providerId, modelId));
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/prices",
            "{\"model\":\""
                + CHAT_MODEL
                + "\",\"prompt_per_million\":1000000,\"completion_per_million\":2000000,"
                + "\"effective_from\":\"2020-01-01T00:00:00Z\"}"));
  }

  @AfterAll
  static void restore() throws Exception {
    if (gatewayStub != null) {
      gatewayStub.close();
      keyStub.close();
    }
    ModelPlatform.reactivateLocalDefault();
  }

  private static String key(String apiKey, String baseUrl) {
    return "{\"api_key\":\""
        + apiKey
        + "\""
        + (baseUrl == null ? "" : ",\"base_url\":\"" + baseUrl + "\"")
        + "}";
  }

  private static JsonObject status(Http client) {
    return ModelPlatform.ok(client.get("api/billing/openrouter-key/status"));
  }

  private static byte[] storedSecret(String userId) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement("select secret from byok_keys where user_id = ?::uuid")) {
      s.setString(1, userId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getBytes(1) : null;
      }
    }
  }

  private static String usageRows(String org) {
    StringBuilder out = new StringBuilder();
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "select endpoint, model, provider_key, outcome, http_status, byok, request_id,"
                    + " run_id from usage_records where org_id = ?::uuid order by created_at")) {
      s.setString(1, org);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          for (int i = 1; i <= 8; i++) {
            out.append(r.getString(i)).append(i == 8 ? "\n" : " | ");
          }
        }
      }
    } catch (SQLException e) {
      out.append(e);
    }
    return out.toString();
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

  /** The OpenAI-compatible API's 402: an OpenAI error body with Mainspring's code. */
  private static void assertRefusedForCredits(Http.Reply reply) {
    assertEquals(402, reply.status(), reply.toString());
    assertEquals(
        "insufficient_credits",
        reply.json().getJsonObject("error").getString("code"),
        reply.toString());
  }

  @Test
  void everyEndpointNeedsCredentials() {
    for (String path :
        List.of(
            "api/billing/openrouter-key/status",
            "api/billing/payment-methods/regions",
            "api/billing/payment-methods/all",
            "api/billing/payment-methods/region/NL",
            "api/billing/payment-methods/presets",
            "api/billing/payment-methods/detect")) {
      assertProblem(anonymous.get(path), 401, "unauthenticated");
    }
    assertProblem(
        anonymous.post("api/billing/openrouter-key", key("sk-x-1234", null)),
        401,
        "unauthenticated");
    assertProblem(anonymous.post("api/billing/openrouter-key/test", "{}"), 401, "unauthenticated");
    assertProblem(anonymous.delete("api/billing/openrouter-key"), 401, "unauthenticated");
    assertProblem(
        anonymous.post(
            "api/billing/payment-methods/validate",
            "{\"country_code\":\"NL\",\"method\":\"ideal\"}"),
        401,
        "unauthenticated");
  }

  @Test
  void aStoredKeyIsEncryptedAtRestAndNeverReturned() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "byok-store");
    String secret = "sk-or-v1-" + UUID.randomUUID() + "wxyz";
    JsonObject before = status(a.http());
    assertFalse(before.getBoolean("has_key"));

    Http.Reply stored = a.http().post("api/billing/openrouter-key", key(secret, null));
    assertEquals(200, stored.status(), stored.toString());
    assertFalse(stored.text().contains(secret), "the key is not returned");
    JsonObject shown = status(a.http());
    assertFalse(shown.toString().contains(secret));
    assertTrue(shown.getBoolean("has_key"));
    assertEquals("openrouter", shown.getString("provider"));
    assertEquals("https://openrouter.ai/api/v1", shown.getString("base_url"));
    assertEquals("wxyz", shown.getString("key_hint"));
    assertEquals("****wxyz", shown.getString("masked_key"));
    assertNotNull(shown.getString("created_at"));
    assertNotNull(shown.getString("updated_at"));
    assertTrue(shown.isNull("last_tested_at"));

    byte[] atRest = storedSecret(a.userId());
    assertNotNull(atRest);
    assertFalse(
        new String(atRest, StandardCharsets.ISO_8859_1).contains(secret), "encrypted at rest");

    // Replacing it keeps one row per user, with the new hint and base URL.
    ModelPlatform.ok(
        a.http()
            .post(
                "api/billing/openrouter-key",
                key("sk-other-9876", "https://api.example.test/v1/")));
    JsonObject replaced = status(a.http());
    assertEquals("9876", replaced.getString("key_hint"));
    assertEquals("openai_compatible", replaced.getString("provider"));
    assertEquals("https://api.example.test/v1", replaced.getString("base_url"));
    assertEquals(shown.getString("created_at"), replaced.getString("created_at"));
    assertEquals(1, number("select count(*) from byok_keys where user_id = ?::uuid", a.userId()));
  }

  @Test
  void badInputIsRefusedAndChangesNothing() {
    Accounts.Account a = Accounts.withOrganization(anonymous, "byok-bad");
    ModelPlatform.ok(a.http().post("api/billing/openrouter-key", key("sk-keep-1111", null)));
    JsonObject kept = status(a.http());
    String path = "api/billing/openrouter-key";
    assertProblem(a.http().post(path, "{}"), 400, "api_key_required");
    assertProblem(a.http().post(path, "{\"api_key\":\"  \"}"), 400, "api_key_required");
    assertProblem(a.http().post(path, "{\"api_key\":42}"), 400, "invalid_api_key");
    assertProblem(a.http().post(path, key("sk with space", null)), 400, "invalid_api_key");
    assertProblem(
        a.http().post(path, key("sk-x-2222", "ftp://x.test/v1")), 400, "invalid_base_url");
    assertProblem(
        a.http().post(path, key("sk-x-2222", "https://u:p@x.test/v1")), 400, "invalid_base_url");
    assertProblem(a.http().post(path, "[1,2]"), 400, "invalid_json");
    assertProblem(a.http().post(path, "{\"api_key\":"), 400, "invalid_json");
    assertEquals(kept, status(a.http()), "nothing changed");

    Accounts.Account lonely = Accounts.registered(anonymous, "byok-no-org");
    assertProblem(lonely.http().post(path, key("sk-x-3333", null)), 403, "no_organization");
    assertProblem(lonely.http().get(path + "/status"), 403, "no_organization");
  }

  @Test
  void noOtherUserSeesOrDeletesTheKeyAndApiKeysNeedTheirScopes() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "byok-owner");
    ModelPlatform.ok(a.http().post("api/billing/openrouter-key", key("sk-mine-4444", null)));

    Accounts.Account stranger = Accounts.withOrganization(anonymous, "byok-stranger");
    assertFalse(status(stranger.http()).getBoolean("has_key"));
    assertProblem(stranger.http().delete("api/billing/openrouter-key"), 404, "byok_key_not_found");
    assertProblem(
        stranger.http().withHeader("X-Org-Id", a.orgId()).get("api/billing/openrouter-key/status"),
        403,
        "not_a_member");
    assertProblem(
        stranger.http().withHeader("X-Org-Id", a.orgId()).delete("api/billing/openrouter-key"),
        403,
        "not_a_member");

    // A member of the same organization has a key of their own, not the admin's.
    Accounts.Account member = Accounts.registered(anonymous, "byok-member");
    assertEquals(
        201,
        a.http()
            .post(
                "api/orgs/" + a.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    Http asMember = member.http().withHeader("X-Org-Id", a.orgId());
    assertFalse(status(asMember).getBoolean("has_key"));
    assertProblem(asMember.delete("api/billing/openrouter-key"), 404, "byok_key_not_found");
    assertTrue(status(a.http()).getBoolean("has_key"), "the owner's key is still there");

    // API keys act for their user: billing:read shows the status, billing:write is needed to
    // change or test.
    JsonObject reader =
        ModelPlatform.created(
            a.http().post("api-keys", "{\"name\":\"r\",\"scopes\":[\"billing:read\"]}"));
    Http viaReader = anonymous.withHeader("Authorization", "Bearer " + reader.getString("secret"));
    assertTrue(status(viaReader).getBoolean("has_key"));
    assertProblem(viaReader.delete("api/billing/openrouter-key"), 403, "insufficient_scope");
    assertProblem(
        viaReader.post("api/billing/openrouter-key", key("sk-x-5555", null)),
        403,
        "insufficient_scope");
    assertProblem(viaReader.post("api/billing/openrouter-key/test", ""), 403, "insufficient_scope");

    assertEquals(204, a.http().delete("api/billing/openrouter-key").status());
    assertFalse(status(a.http()).getBoolean("has_key"));
    assertProblem(a.http().delete("api/billing/openrouter-key"), 404, "byok_key_not_found");
    assertEquals(0, number("select count(*) from byok_keys where user_id = ?::uuid", a.userId()));
  }

  @Test
  void theStoredKeyOrAGivenOneIsTestedAgainstTheProvider() {
    Accounts.Account a = Accounts.withOrganization(anonymous, "byok-test");
    String base = keyStub.baseUrl().toString();
    assertProblem(a.http().post("api/billing/openrouter-key/test", ""), 404, "byok_key_not_found");

    ModelPlatform.ok(a.http().post("api/billing/openrouter-key", key(GOOD_KEY, base)));
    JsonObject passed = ModelPlatform.ok(a.http().post("api/billing/openrouter-key/test", ""));
    assertTrue(passed.getBoolean("ok"), passed.toString());
    assertEquals("stored", passed.getString("tested"));
    assertEquals("ok", passed.getString("result"));
    JsonObject afterPass = status(a.http());
    assertTrue(afterPass.getBoolean("last_test_ok"));
    assertEquals("ok", afterPass.getString("last_test_result"));
    assertNotNull(afterPass.getString("last_tested_at"));

    ModelPlatform.ok(a.http().post("api/billing/openrouter-key", key("sk-bad-6666", base)));
    Http.Reply refused = a.http().post("api/billing/openrouter-key/test", "{}");
    JsonObject failed = ModelPlatform.ok(refused);
    assertFalse(failed.getBoolean("ok"));
    assertEquals("key_rejected", failed.getString("result"));
    assertFalse(refused.text().contains("127.0.0.1"), "no provider URL: " + refused);
    assertEquals("key_rejected", status(a.http()).getString("last_test_result"));

    // A key in the body is tested and not stored.
    JsonObject given =
        ModelPlatform.ok(a.http().post("api/billing/openrouter-key/test", key(GOOD_KEY, base)));
    assertTrue(given.getBoolean("ok"));
    assertEquals("provided", given.getString("tested"));
    assertEquals("6666", status(a.http()).getString("key_hint"));
    assertProblem(
        a.http().post("api/billing/openrouter-key/test", key("sk bad", base)),
        400,
        "invalid_api_key");
  }

  @Test
  void anUnreachableProviderGivesAClearResultWithoutItsUrlOrAnException() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "byok-unreachable");
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String base = "http://127.0.0.1:" + closed + "/v1";
    ModelPlatform.ok(a.http().post("api/billing/openrouter-key", key("sk-gone-7777", base)));
    Http.Reply reply = a.http().post("api/billing/openrouter-key/test", "");
    JsonObject result = ModelPlatform.ok(reply);
    assertFalse(result.getBoolean("ok"));
    assertEquals("provider_unreachable", result.getString("result"));
    assertFalse(reply.text().contains("127.0.0.1"), reply.toString());
    assertFalse(reply.text().contains(Integer.toString(closed)), reply.toString());
    assertFalse(reply.text().contains("Exception"), reply.toString());
    assertFalse(status(a.http()).getBoolean("last_test_ok"));

    // The cloud metadata address is never called, whatever a user names.
    JsonObject metadata =
        ModelPlatform.ok(
            a.http()
                .post(
                    "api/billing/openrouter-key/test",
                    key("sk-meta-8888", "http://169.254.169.254/latest")));
    assertFalse(metadata.getBoolean("ok"));
    assertEquals("endpoint_not_allowed", metadata.getString("result"));
  }

  @Test
  void aCallWithTheUsersOwnKeyGoesOutWithItAndChargesNothing() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "byok-call");
    Http admin = Accounts.superadmin(anonymous);
    String plan = "byok-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post("v1/platform/billing/plans", "{\"slug\":\"" + plan + "\",\"name\":\"Byok\"}"));
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + a.orgId() + "/subscription",
            "{\"plan\":\"" + plan + "\"}"));
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + a.orgId() + "/grants", "{\"amount\":100}"));
    JsonObject apiKey =
        ModelPlatform.created(a.http().post("api-keys", "{\"name\":\"calls\",\"scopes\":[\"*\"]}"));
    Http calls = anonymous.withHeader("Authorization", "Bearer " + apiKey.getString("secret"));
    // Far more than 100 credits' worth at the model's price: refused while billing holds it.
    String body =
        "{\"model\":\""
            + CHAT_MODEL
            + "\",\"max_tokens\":1000000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertRefusedForCredits(calls.post("v1/chat/completions", body));

    String own = "sk-own-" + UUID.randomUUID();
    ModelPlatform.ok(
        a.http()
            .post("api/billing/openrouter-key", key(own, gatewayStub.baseUrl().toString() + "/")));
    Thread.sleep(200);
    int before = gatewayStub.authorizations().size();
    Http.Reply served = calls.post("v1/chat/completions", body);
    assertEquals(200, served.status(), served.toString());
    List<String> sent = gatewayStub.authorizations();
    assertEquals(before + 1, sent.size());
    assertEquals("Bearer " + own, sent.get(sent.size() - 1), "the user's key went out");

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (number(
                "select count(*) from usage_records where org_id = ?::uuid and billed_at is not null",
                a.orgId())
            < 1
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(
        1, number("select count(*) from usage_records where org_id = ?::uuid and byok", a.orgId()));
    assertEquals(
        1,
        number(
            "select count(*) from usage_records where org_id = ?::uuid and billed_at is not null",
            a.orgId()),
        "the byok record was settled");
    assertTrue(
        number("select sum(prompt_tokens) from usage_records where org_id = ?::uuid", a.orgId())
            > 0,
        "metered");
    assertEquals(
        0,
        number(
            "select count(*) from ledger_transfers where org_id = ?::uuid and kind = 'usage'",
            a.orgId()),
        "nothing posted");
    assertEquals(
        0, number("select count(*) from billing_reservations where org_id = ?::uuid", a.orgId()));
    JsonObject billing = ModelPlatform.ok(a.http().get("api/billing/status"));
    assertEquals(100, billing.getJsonNumber("balance").longValue(), "the balance is unchanged");

    // Without the key, calls go out with the platform's credential and are held again.
    assertEquals(204, a.http().delete("api/billing/openrouter-key").status());
    assertRefusedForCredits(calls.post("v1/chat/completions", body));
    Http.Reply small =
        calls.post(
            "v1/chat/completions",
            "{\"model\":\""
                + CHAT_MODEL
                + "\",\"max_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, small.status(), small.toString());
    List<String> after = gatewayStub.authorizations();
    assertEquals("Bearer " + PLATFORM_SECRET, after.get(after.size() - 1));
  }

  /** An organization with a plan, 100 credits and {@code member} as a member; its admin. */
  private Accounts.Account paidOrganizationWith(Accounts.Account member, String label) {
    Accounts.Account a = Accounts.withOrganization(anonymous, label);
    Http admin = Accounts.superadmin(anonymous);
    String plan = label + "-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post("v1/platform/billing/plans", "{\"slug\":\"" + plan + "\",\"name\":\"O\"}"));
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + a.orgId() + "/subscription",
            "{\"plan\":\"" + plan + "\"}"));
    ModelPlatform.created(
        admin.post(
            "v1/platform/billing/organizations/" + a.orgId() + "/grants", "{\"amount\":100}"));
    assertEquals(
        201,
        a.http()
            .post(
                "api/orgs/" + a.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    return a;
  }

  private static String lastAuthorization() {
    List<String> sent = gatewayStub.authorizations();
    return sent.get(sent.size() - 1);
  }

  @Test
  void theOrganizationsKeyServesAMembersCallsUnchargedUnlessTheMemberHasTheirOwn()
      throws Exception {
    Accounts.Account member = Accounts.registered(anonymous, "byok-org-member");
    Accounts.Account a = paidOrganizationWith(member, "byok-org");
    Http asMember = member.http().withHeader("X-Org-Id", a.orgId());
    JsonObject apiKey =
        ModelPlatform.created(asMember.post("api-keys", "{\"name\":\"m\",\"scopes\":[\"*\"]}"));
    Http calls = anonymous.withHeader("Authorization", "Bearer " + apiKey.getString("secret"));
    // Far more than 100 credits' worth: refused while the platform's credential would serve it.
    String big =
        "{\"model\":\""
            + CHAT_MODEL
            + "\",\"max_tokens\":1000000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertRefusedForCredits(calls.post("v1/chat/completions", big));

    String orgKey = "sk-org-" + UUID.randomUUID();
    String base = gatewayStub.baseUrl().toString();
    JsonObject stored =
        ModelPlatform.ok(
            a.http().post("api/billing/openrouter-key?scope=organization", key(orgKey, base)));
    assertTrue(stored.getBoolean("has_key"));
    assertFalse(stored.toString().contains(orgKey));
    JsonObject seen =
        ModelPlatform.ok(asMember.get("api/billing/openrouter-key/status?scope=organization"));
    assertTrue(seen.getBoolean("has_key"), "a member sees that the organization has a key");
    assertEquals(orgKey.substring(orgKey.length() - 4), seen.getString("key_hint"));
    assertFalse(status(asMember).getBoolean("has_key"), "the member has no key of their own");
    assertEquals(
        0, number("select count(*) from byok_keys where org_id = ?::uuid", a.orgId()), "no user's");

    Http.Reply served = calls.post("v1/chat/completions", big);
    assertEquals(200, served.status(), served.toString());
    assertEquals("Bearer " + orgKey, lastAuthorization(), "the organization's key went out");

    // The member's own key wins over the organization's.
    String own = "sk-own-" + UUID.randomUUID();
    ModelPlatform.ok(asMember.post("api/billing/openrouter-key", key(own, base)));
    assertEquals(200, calls.post("v1/chat/completions", big).status());
    assertEquals("Bearer " + own, lastAuthorization(), "the member's own key went out");
    assertEquals(204, asMember.delete("api/billing/openrouter-key").status());
    assertEquals(200, calls.post("v1/chat/completions", big).status());
    assertEquals("Bearer " + orgKey, lastAuthorization());

    // The gateway writes usage records in batches after each call: wait for all three, then
    // for the poster to settle them (no record unbilled is also true before any is written).
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while ((number("select count(*) from usage_records where org_id = ?::uuid", a.orgId()) < 3
            || number(
                    "select count(*) from usage_records where org_id = ?::uuid"
                        + " and billed_at is null",
                    a.orgId())
                > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(
        3,
        number("select count(*) from usage_records where org_id = ?::uuid and byok", a.orgId()),
        () -> usageRows(a.orgId()));
    assertEquals(
        0,
        number(
            "select count(*) from usage_records where org_id = ?::uuid and billed_at is null",
            a.orgId()),
        "every record was settled");
    assertEquals(
        0,
        number(
            "select count(*) from ledger_transfers where org_id = ?::uuid and kind = 'usage'",
            a.orgId()),
        "nothing charged");
    assertEquals(
        100,
        ModelPlatform.ok(a.http().get("api/billing/status")).getJsonNumber("balance").longValue());

    // Without the organization's key, calls are charged (and held) again.
    assertEquals(204, a.http().delete("api/billing/openrouter-key?scope=organization").status());
    assertFalse(
        ModelPlatform.ok(asMember.get("api/billing/openrouter-key/status?scope=organization"))
            .getBoolean("has_key"));
    assertRefusedForCredits(calls.post("v1/chat/completions", big));
    assertProblem(
        a.http().delete("api/billing/openrouter-key?scope=organization"),
        404,
        "byok_key_not_found");
  }

  @Test
  void onlyTheOrganizationsAdminsChangeItsKeyAndNoOtherOrganizationSeesIt() throws Exception {
    Accounts.Account member = Accounts.registered(anonymous, "byok-org-role");
    Accounts.Account a = paidOrganizationWith(member, "byok-org-admin");
    Http asMember = member.http().withHeader("X-Org-Id", a.orgId());
    String path = "api/billing/openrouter-key";
    String org = "?scope=organization";

    assertProblem(asMember.post(path + org, key("sk-member-1111", null)), 403, "admin_required");
    ModelPlatform.ok(a.http().post(path + org, key("sk-admin-2222", null)));
    assertProblem(asMember.post(path + org, key("sk-member-1111", null)), 403, "admin_required");
    assertProblem(asMember.delete(path + org), 403, "admin_required");
    assertProblem(asMember.post(path + "/test" + org, ""), 403, "admin_required");
    assertEquals(
        "2222",
        ModelPlatform.ok(asMember.get(path + "/status" + org)).getString("key_hint"),
        "unchanged, and readable by a member");

    // An API key acts for its user: an admin's needs billing:write to change the key.
    JsonObject reader =
        ModelPlatform.created(
            a.http().post("api-keys", "{\"name\":\"r\",\"scopes\":[\"billing:read\"]}"));
    Http viaReader = anonymous.withHeader("Authorization", "Bearer " + reader.getString("secret"));
    assertTrue(ModelPlatform.ok(viaReader.get(path + "/status" + org)).getBoolean("has_key"));
    assertProblem(viaReader.delete(path + org), 403, "insufficient_scope");

    // Another organization's admin sees nothing of it, in theirs or by naming this one.
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "byok-org-stranger");
    assertFalse(
        ModelPlatform.ok(stranger.http().get(path + "/status" + org)).getBoolean("has_key"));
    assertProblem(stranger.http().delete(path + org), 404, "byok_key_not_found");
    assertProblem(
        stranger.http().withHeader("X-Org-Id", a.orgId()).get(path + "/status" + org),
        403,
        "not_a_member");
    assertProblem(
        stranger.http().withHeader("X-Org-Id", a.orgId()).delete(path + org), 403, "not_a_member");
    assertProblem(anonymous.get(path + "/status" + org), 401, "unauthenticated");
    assertProblem(a.http().get(path + "/status?scope=team"), 400, "invalid_scope");
    assertProblem(a.http().post(path + org, "{}"), 400, "api_key_required");
    assertEquals(1, number("select count(*) from byok_org_keys where org_id = ?::uuid", a.orgId()));
    assertEquals(
        0, number("select count(*) from byok_org_keys where org_id = ?::uuid", stranger.orgId()));

    // The admin tests the stored key against its provider; the status shows the result.
    String base = keyStub.baseUrl().toString();
    ModelPlatform.ok(a.http().post(path + org, key(GOOD_KEY, base)));
    JsonObject passed = ModelPlatform.ok(a.http().post(path + "/test" + org, ""));
    assertTrue(passed.getBoolean("ok"), passed.toString());
    assertEquals("stored", passed.getString("tested"));
    assertTrue(ModelPlatform.ok(asMember.get(path + "/status" + org)).getBoolean("last_test_ok"));
    assertFalse(status(a.http()).getBoolean("has_key"), "the admin's own key is another");
  }

  @Test
  void aRunOfAUserWithTheirOwnKeyIsAdmittedWithoutCreditsAndChargesNothing() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "byok-run");
    Http admin = Accounts.superadmin(anonymous);
    String plan = "byok-run-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        admin.post("v1/platform/billing/plans", "{\"slug\":\"" + plan + "\",\"name\":\"R\"}"));
    ModelPlatform.ok(
        admin.put(
            "v1/platform/billing/organizations/" + a.orgId() + "/subscription",
            "{\"plan\":\"" + plan + "\"}"));
    Http.Reply thread = a.http().post("api/threads", "{\"title\":\"byok thread\"}");
    assertEquals(201, thread.status(), thread.toString());
    String threadId = thread.json().getString("thread_id");
    String start = "api/thread/" + threadId + "/agent/start";
    String run = "{\"prompt\":\"Say hi\",\"model_name\":\"" + CHAT_MODEL + "\"}";
    // No credits: a run is refused before anything is queued...
    assertProblem(a.http().post(start, run), 402, "payment_required");

    // ... unless its model calls go out with the user's own key.
    String own = "sk-run-" + UUID.randomUUID();
    ModelPlatform.ok(
        a.http().post("api/billing/openrouter-key", key(own, gatewayStub.baseUrl().toString())));
    Http.Reply started = a.http().post(start, run);
    assertEquals(200, started.status(), started.toString());
    String runId = started.json().getString("agent_run_id");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonObject state = null;
    while (System.nanoTime() < deadline) {
      state = a.http().get("api/agent-run/" + runId).json();
      if (!List.of("queued", "running").contains(state.getString("status"))) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals("completed", state.getString("status"), state.toString());
    List<String> sent = gatewayStub.authorizations();
    assertEquals("Bearer " + own, sent.get(sent.size() - 1));
    // The gateway writes usage records in batches after the call, so the run may be completed
    // before its record is there: wait for the record, then for the poster to settle it.
    deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while ((number("select count(*) from usage_records where run_id = ?::uuid", runId) == 0
            || number(
                    "select count(*) from usage_records where org_id = ?::uuid"
                        + " and billed_at is null",
                    a.orgId())
                > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(
        number("select count(*) from usage_records where org_id = ?::uuid and byok", a.orgId()) > 0,
        () -> usageRows(a.orgId()));
    assertEquals(
        0,
        number("select count(*) from usage_records where org_id = ?::uuid and not byok", a.orgId()),
        () -> usageRows(a.orgId()));
    assertEquals(
        0,
        number(
            "select count(*) from usage_records where org_id = ?::uuid and billed_at is null",
            a.orgId()));
    assertEquals(
        0,
        ModelPlatform.ok(a.http().get("api/billing/status")).getJsonNumber("balance").longValue());
  }

  @Test
  void paymentMethodsAreListedPerRegionAndCountry() {
    JsonObject regions = ModelPlatform.ok(http.get("api/billing/payment-methods/regions"));
    assertEquals("US", regions.getString("default_country"));
    assertFalse(regions.getJsonArray("regions").isEmpty());
    JsonObject all = ModelPlatform.ok(http.get("api/billing/payment-methods/all"));
    assertTrue(all.getJsonArray("methods").size() > 5);

    JsonObject nl = ModelPlatform.ok(http.get("api/billing/payment-methods/region/nl"));
    assertEquals("NL", nl.getString("country_code"));
    assertEquals("europe", nl.getString("region"));
    List<String> ids =
        nl.getJsonArray("methods").stream().map(v -> v.asJsonObject().getString("id")).toList();
    assertTrue(ids.containsAll(List.of("card", "sepa_debit", "ideal")), ids.toString());
    assertFalse(ids.contains("bancontact"));
    assertProblem(http.get("api/billing/payment-methods/region/ZZ"), 400, "unknown_country");
    assertProblem(http.get("api/billing/payment-methods/region/usa"), 400, "unknown_country");

    JsonObject presets = ModelPlatform.ok(http.get("api/billing/payment-methods/presets"));
    assertFalse(presets.getJsonArray("presets").isEmpty());

    // A user with no organization may read the catalog too.
    Accounts.Account lonely = Accounts.registered(anonymous, "pm-no-org");
    assertEquals(200, lonely.http().get("api/billing/payment-methods/all").status());
  }

  @Test
  void aMethodIsValidatedForACountry() {
    String path = "api/billing/payment-methods/validate";
    JsonObject ideal =
        ModelPlatform.ok(http.post(path, "{\"country_code\":\"NL\",\"method\":\"ideal\"}"));
    assertTrue(ideal.getBoolean("valid"));
    JsonObject wrong =
        ModelPlatform.ok(http.post(path, "{\"country_code\":\"BE\",\"method\":\"ideal\"}"));
    assertFalse(wrong.getBoolean("valid"));
    assertTrue(
        wrong.getJsonArray("offered").stream()
            .anyMatch(v -> v.toString().equals("\"bancontact\"")));
    assertProblem(
        http.post(path, "{\"country_code\":\"ZZ\",\"method\":\"card\"}"), 400, "unknown_country");
    assertProblem(
        http.post(path, "{\"country_code\":\"NL\",\"method\":\"seashells\"}"),
        400,
        "unknown_payment_method");
    assertProblem(http.post(path, "{\"country_code\":\"NL\"}"), 400, "unknown_payment_method");
    assertProblem(http.post(path, "{}"), 400, "unknown_country");
  }

  @Test
  void theCountryIsDetectedFromTheRequestsHeaders() {
    String path = "api/billing/payment-methods/detect";
    JsonObject cloudflare = ModelPlatform.ok(http.get(path, "CF-IPCountry", "BE"));
    assertEquals("BE", cloudflare.getString("country_code"));
    assertEquals("cf-ipcountry", cloudflare.getString("source"));
    JsonObject proxy = ModelPlatform.ok(http.get(path, "X-Country-Code", "de"));
    assertEquals("DE", proxy.getString("country_code"));
    assertEquals("x-country-code", proxy.getString("source"));
    JsonObject language =
        ModelPlatform.ok(http.get(path, "CF-IPCountry", "XX", "Accept-Language", "fr-CH,fr;q=0.9"));
    assertEquals("CH", language.getString("country_code"));
    assertEquals("accept-language", language.getString("source"));
    JsonObject fallback = ModelPlatform.ok(http.get(path, "Accept-Language", "en"));
    assertEquals("US", fallback.getString("country_code"));
    assertEquals("default", fallback.getString("source"));
    assertEquals("north_america", fallback.getString("region"));
  }
}
