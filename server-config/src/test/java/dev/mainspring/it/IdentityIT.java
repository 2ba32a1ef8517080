package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.identity.service.MasterKey;
import dev.mainspring.identity.service.token.AccessTokenClaims;
import dev.mainspring.identity.service.token.AccessTokens;
import dev.mainspring.identity.service.token.SigningKey;
import dev.mainspring.identity.service.token.SigningKeys;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Identity on the real server: logins, tokens, API keys, organizations and roles, and that one
 * organization's data never reaches another's callers.
 */
class IdentityIT extends ApiTest {

  // --- logging in ---------------------------------------------------------------------------

  @Test
  void loginAnswersWithBearerTokens() {
    Accounts.Account account = Accounts.registered(anonymous, "login");
    Http.Reply login = login(account.email(), Accounts.PASSWORD);
    assertEquals(200, login.status(), login.toString());
    JsonObject tokens = login.json();
    assertEquals("Bearer", tokens.getString("token_type"));
    assertTrue(tokens.getInt("expires_in") > 0);
    assertFalse(tokens.getString("refresh_token").isBlank());
    assertFalse(login.text().contains(Accounts.PASSWORD));
    Http.Reply me = account.http().get("users/me");
    assertEquals(200, me.status(), me.toString());
    assertEquals(account.email(), me.json().getString("email"));
    assertFalse(me.text().contains("pbkdf2"), me.text());
  }

  @Test
  void unknownEmailAndWrongPasswordAnswerAlike() {
    Accounts.Account account = Accounts.registered(anonymous, "alike");
    Http.Reply wrongPassword = login(account.email(), "not the password at all");
    Http.Reply unknownEmail =
        login("nobody-" + UUID.randomUUID() + "@example.test", "whatever it is");
    assertProblem(wrongPassword, 401, "invalid_credentials");
    assertProblem(unknownEmail, 401, "invalid_credentials");
    assertEquals(wrongPassword.json().getString("detail"), unknownEmail.json().getString("detail"));
  }

  @Test
  void repeatedFailuresAreThrottledWithRetryAfter() {
    Accounts.Account account = Accounts.registered(anonymous, "throttle");
    for (int i = 0; i < 5; i++) {
      assertProblem(login(account.email(), "wrong password " + i), 401, "invalid_credentials");
    }
    Http.Reply throttled = login(account.email(), Accounts.PASSWORD);
    assertProblem(throttled, 429, "too_many_attempts");
    assertTrue(Integer.parseInt(throttled.header("Retry-After")) > 0);
  }

  @Test
  void refreshRotatesAndReuseRevokesTheFamily() {
    Accounts.Account account = Accounts.registered(anonymous, "refresh");
    String first = login(account.email(), Accounts.PASSWORD).json().getString("refresh_token");
    Http.Reply rotated = refresh(first);
    assertEquals(200, rotated.status(), rotated.toString());
    String second = rotated.json().getString("refresh_token");
    assertNotEquals(first, second);
    String access = rotated.json().getString("access_token");
    assertEquals(200, bearer(access).get("users/me").status());

    assertProblem(refresh(first), 401, "invalid_refresh_token");
    assertProblem(refresh(second), 401, "invalid_refresh_token");
  }

  @Test
  void logoutRevokesTheRefreshToken() {
    Accounts.Account account = Accounts.registered(anonymous, "logout");
    String refreshToken =
        login(account.email(), Accounts.PASSWORD).json().getString("refresh_token");
    assertEquals(
        204,
        anonymous.post("api/auth/logout", "{\"refresh_token\":\"" + refreshToken + "\"}").status());
    assertProblem(refresh(refreshToken), 401, "invalid_refresh_token");
  }

  @Test
  void jwksPublishesOnlyPublicKeys() {
    Http.Reply jwks = anonymous.get("api/auth/jwks");
    assertEquals(200, jwks.status());
    var keys = jwks.json().getJsonArray("keys");
    assertFalse(keys.isEmpty());
    keys.forEach(
        k -> {
          assertNotNull(k.asJsonObject().getString("kid"));
          assertFalse(k.asJsonObject().containsKey("d"), "a private key part is published");
        });
  }

  @Test
  void rotatedSigningKeyKeepsOlderTokensValid() {
    Accounts.Account user = Accounts.withOrganization(anonymous, "rotation");
    String before = user.token();
    assertProblem(user.http().post("api/auth/keys/rotate", ""), 403, "superadmin_required");
    Http superadmin =
        bearer(
            Accounts.login(
                anonymous,
                System.getenv("MAINSPRING_ADMIN_EMAIL"),
                System.getenv("MAINSPRING_ADMIN_PASSWORD")));
    Http.Reply rotated = superadmin.post("api/auth/keys/rotate", "");
    assertEquals(200, rotated.status(), rotated.toString());
    String kid = rotated.json().getString("kid");

    String after = Accounts.login(anonymous, user.email(), Accounts.PASSWORD);
    String header =
        new String(Base64.getUrlDecoder().decode(after.split("\\.")[0]), StandardCharsets.UTF_8);
    assertTrue(header.contains(kid), "new tokens are not signed with the new key: " + header);
    assertEquals(
        200, bearer(before).get("users/me").status(), "a token of the old key stopped working");
    assertEquals(200, bearer(after).get("users/me").status());
    assertTrue(anonymous.get("api/auth/jwks").text().contains(kid));
  }

  @Test
  void superadminFromTheEnvironmentCanLogIn() {
    String token =
        Accounts.login(
            anonymous,
            System.getenv("MAINSPRING_ADMIN_EMAIL"),
            System.getenv("MAINSPRING_ADMIN_PASSWORD"));
    Http.Reply me = bearer(token).get("users/me");
    assertTrue(me.json().getBoolean("superadmin"), me.toString());
  }

  @Test
  void profileChangesAndDefaultOrganizationMustBeOwn() {
    Accounts.Account a = Accounts.withOrganization(anonymous, "profile");
    Accounts.Account other = Accounts.withOrganization(anonymous, "stranger");
    Http.Reply renamed = a.http().patch("users/me", "{\"display_name\":\"Ada\"}");
    assertEquals(200, renamed.status(), renamed.toString());
    assertEquals("Ada", renamed.json().getString("display_name"));
    assertProblem(
        a.http().patch("users/me", "{\"default_org_id\":\"" + other.orgId() + "\"}"),
        404,
        "organization_not_found");
    assertEquals(a.orgId(), a.http().get("users/me").json().getString("default_org_id"));
  }

  // --- service-to-service -------------------------------------------------------------------

  @Test
  void internalApiTakesOnlyTheServiceToken() {
    Accounts.Account user = Accounts.withOrganization(anonymous, "internal");
    assertUnauthorized(anonymous.get("api/internal/health"), "invalid_service_token");
    assertUnauthorized(user.http().get("api/internal/health"), "invalid_service_token");
    assertUnauthorized(
        anonymous.get("api/internal/health", "X-Service-Token", "guessed"),
        "invalid_service_token");
    Http.Reply ok =
        anonymous.get(
            "api/internal/health",
            "X-Service-Token",
            System.getenv("MAINSPRING_INTERNAL_SERVICE_TOKEN"),
            "X-Request-Id",
            "worker-42");
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("service", ok.json().getString("caller"));
    assertEquals("worker-42", ok.header("X-Request-Id"));
  }

  // --- OpenID Connect -----------------------------------------------------------------------

  @Test
  void openIdConnectTokensProvisionTheUserOnce() throws Exception {
    try (StubIdentityProvider idp =
        new StubIdentityProvider(Integer.getInteger("mainspring.it.oidcPort"))) {
      String subject = "user-" + UUID.randomUUID();
      String email = subject + "@idp.example.test";
      String token = idp.token(subject, email, "mainspring-it");

      Http.Reply first = bearer(token).get("users/me");
      assertEquals(200, first.status(), first.toString());
      assertEquals(email, first.json().getString("email"));
      Http.Reply again = bearer(idp.token(subject, email, "mainspring-it")).get("users/me");
      assertEquals(first.json().getString("id"), again.json().getString("id"));

      Http.Reply org = bearer(token).post("api/orgs", "{\"name\":\"oidc " + subject + "\"}");
      assertEquals(201, org.status(), org.toString());
      assertEquals(201, bearer(token).post("api/projects", "{\"name\":\"via oidc\"}").status());

      assertUnauthorized(
          bearer(idp.token(subject, email, "someone-elses-api")).get("users/me"), "invalid_token");
    }
  }

  // --- bad credentials ----------------------------------------------------------------------

  @Test
  void missingCredentialsAre401WithWwwAuthenticate() {
    assertUnauthorized(anonymous.get("api/projects"), "unauthenticated");
    assertUnauthorized(anonymous.get("users/me"), "unauthenticated");
    assertUnauthorized(
        anonymous.get("api/projects", "Authorization", "Basic dXNlcjpwYXNz"), "unauthenticated");
  }

  @Test
  void forgedAndStaleTokensAre401() throws Exception {
    Accounts.Account account = Accounts.withOrganization(anonymous, "tokens");
    SigningKey serverKey = serverSigningKey();
    UUID user = UUID.fromString(account.userId());
    Instant longAgo = Instant.now().minus(Duration.ofHours(2));

    String expired =
        tokens(serverKey, "mainspring", "mainspring", Clock.fixed(longAgo, ZoneOffset.UTC))
            .issue(claims(user, "mainspring", "mainspring"));
    assertUnauthorized(bearer(expired).get("api/projects"), "invalid_token");

    String wrongIssuer =
        tokens(serverKey, "someone-else", "mainspring", Clock.systemUTC())
            .issue(claims(user, "someone-else", "mainspring"));
    assertUnauthorized(bearer(wrongIssuer).get("api/projects"), "invalid_token");

    String wrongAudience =
        tokens(serverKey, "mainspring", "another-api", Clock.systemUTC())
            .issue(claims(user, "mainspring", "another-api"));
    assertUnauthorized(bearer(wrongAudience).get("api/projects"), "invalid_token");

    String foreignKey =
        tokens(SigningKey.generate(), "mainspring", "mainspring", Clock.systemUTC())
            .issue(claims(user, "mainspring", "mainspring"));
    assertUnauthorized(bearer(foreignKey).get("api/projects"), "invalid_token");

    String[] parts = account.token().split("\\.");
    String badSignature =
        parts[0]
            + "."
            + parts[1]
            + "."
            + (parts[2].startsWith("A") ? "B" : "A")
            + parts[2].substring(1);
    assertUnauthorized(bearer(badSignature).get("api/projects"), "invalid_token");

    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    assertUnauthorized(bearer(header + "." + parts[1] + ".").get("api/projects"), "invalid_token");

    assertEquals(200, account.http().get("api/projects").status(), "the genuine token works");
  }

  @Test
  void tokenThatExpiredTenSecondsAgoIsRefused() throws Exception {
    Accounts.Account account = Accounts.withOrganization(anonymous, "expiry");
    UUID user = UUID.fromString(account.userId());
    AccessTokenClaims claims = claims(user, "mainspring", "mainspring");
    Instant issued = Instant.now().minus(claims.lifetime()).minusSeconds(10);

    String expired =
        tokens(serverSigningKey(), "mainspring", "mainspring", Clock.fixed(issued, ZoneOffset.UTC))
            .issue(claims);

    assertUnauthorized(bearer(expired).get("api/projects"), "invalid_token");
  }

  @Test
  void tokenInTheQueryIsRefusedOutsideStreams() {
    Accounts.Account account = Accounts.withOrganization(anonymous, "query");
    assertUnauthorized(anonymous.get("api/projects?token=" + account.token()), "unauthenticated");
  }

  // --- API keys -----------------------------------------------------------------------------

  @Test
  void apiKeySecretIsShownOnceAndWorksInBothHeaders() {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "keys");
    Http.Reply created =
        owner.http().post("api-keys", "{\"name\":\"ci\",\"scopes\":[\"projects:write\"]}");
    assertEquals(201, created.status(), created.toString());
    String secret = created.json().getString("secret");
    assertTrue(secret.startsWith("msk_"), secret);
    assertTrue(secret.startsWith("msk_" + created.json().getString("prefix")));

    Http.Reply viaBearer = bearer(secret).post("api/projects", "{\"name\":\"by key\"}");
    assertEquals(201, viaBearer.status(), viaBearer.toString());
    assertEquals(200, anonymous.get("api/projects", "X-API-Key", secret).status());

    Http.Reply listed = owner.http().get("api-keys");
    assertEquals(200, listed.status());
    assertFalse(listed.text().contains(secret.substring(13)), "the secret is listed");
    assertFalse(listed.json().getJsonArray("api_keys").getJsonObject(0).containsKey("secret"));
  }

  @Test
  void revokedKeyIsRejectedAtOnce() {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "revoke");
    Http.Reply created =
        owner.http().post("api-keys", "{\"name\":\"short\",\"scopes\":[\"projects:read\"]}");
    String secret = created.json().getString("secret");
    assertEquals(200, bearer(secret).get("api/projects").status());
    assertEquals(204, owner.http().delete("api-keys/" + created.json().getString("id")).status());
    assertUnauthorized(bearer(secret).get("api/projects"), "invalid_api_key");
  }

  @Test
  void keyRevokedBehindThisInstancesBackIsRejectedOnceItsEntryRunsOut() throws Exception {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "revoke-elsewhere");
    Http.Reply created =
        owner.http().post("api-keys", "{\"name\":\"elsewhere\",\"scopes\":[\"projects:read\"]}");
    String secret = created.json().getString("secret");
    Http key = bearer(secret);
    assertEquals(200, key.get("api/projects").status()); // verified, and now remembered
    try (Connection db = TestDatabase.connect();
        PreparedStatement revoke =
            db.prepareStatement("update api_keys set revoked_at = now() where id = ?::uuid")) {
      revoke.setString(1, created.json().getString("id"));
      assertEquals(1, revoke.executeUpdate()); // as another instance would: no local notice
    }
    long revoked = System.nanoTime();
    assertEquals(200, key.get("api/projects").status(), "remembered for its lifetime (5 s)");

    Http.Reply reply = key.get("api/projects");
    while (reply.status() == 200 && System.nanoTime() - revoked < TimeUnit.SECONDS.toNanos(15)) {
      Thread.sleep(100);
      reply = key.get("api/projects");
    }
    long refusedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked);
    assertUnauthorized(reply, "invalid_api_key");
    assertTrue(
        refusedAfter >= 4_000 && refusedAfter < 5_900,
        "refused "
            + refusedAfter
            + " ms after the revocation: once the 5 s lifetime ran out and the check in the"
            + " background found the key revoked, before the second of grace ended");
  }

  @Test
  void aRemovedMembersKeyIsRejectedAtOnce() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "keyrole");
    Accounts.Account member = Accounts.registered(anonymous, "keyrole-member");
    String org = admin.orgId();
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + org + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    String secret =
        member
            .http()
            .withHeader("X-Org-Id", org)
            .post("api-keys", "{\"name\":\"mine\",\"scopes\":[\"*\"]}")
            .json()
            .getString("secret");
    Http key = bearer(secret);
    assertEquals(200, key.get("api/projects").status()); // verified, and now remembered
    assertEquals(200, key.get("api/projects").status());

    assertEquals(
        204, admin.http().delete("api/orgs/" + org + "/members/" + member.userId()).status());
    assertUnauthorized(key.get("api/projects"), "invalid_api_key");
  }

  @Test
  void scopesNarrowWhatAKeyMayDo() {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "scopes");
    String readOnly =
        owner
            .http()
            .post("api-keys", "{\"name\":\"reader\",\"scopes\":[\"projects:read\"]}")
            .json()
            .getString("secret");
    assertEquals(200, bearer(readOnly).get("api/projects").status());
    assertProblem(
        bearer(readOnly).post("api/projects", "{\"name\":\"x\"}"), 403, "insufficient_scope");
    assertProblem(bearer(readOnly).get("api/threads"), 403, "insufficient_scope");
    assertProblem(
        bearer(readOnly).post("api-keys", "{\"name\":\"more\",\"scopes\":[\"*\"]}"),
        403,
        "user_token_required");
    assertProblem(
        owner.http().post("api-keys", "{\"name\":\"bad\",\"scopes\":[\"everything please\"]}"),
        400,
        "invalid_scope");
  }

  @Test
  void keyCreatedWithOnlyANameGetsTheScopesOfItsCreatorsRole() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "default-scopes");
    Accounts.Account member = Accounts.registered(anonymous, "default-scopes-member");
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    List<String> roleScopes =
        List.of("projects:write", "threads:write", "agents:write", "models:write");
    for (Http creator :
        List.of(admin.http(), member.http().withHeader("X-Org-Id", admin.orgId()))) {
      Http.Reply created = creator.post("api-keys", "{\"name\":\"document d client\"}");
      assertEquals(201, created.status(), created.toString());
      assertEquals(
          roleScopes,
          created.json().getJsonArray("scopes").getValuesAs(jakarta.json.JsonString::getString));
      Http key = bearer(created.json().getString("secret"));
      assertEquals(201, key.post("api/projects", "{\"name\":\"by default key\"}").status());
      assertEquals(201, key.post("api/threads", "{\"title\":\"by default key\"}").status());
      assertEquals(200, key.get("v1/models").status());
    }
    assertProblem(
        admin.http().post("api-keys", "{\"name\":\"nothing\",\"scopes\":[]}"),
        400,
        "validation_failed");
  }

  // --- organizations and roles --------------------------------------------------------------

  @Test
  void onboardingCreatesAnOrganizationWithTheCallerAsAdmin() {
    Accounts.Account account = Accounts.registered(anonymous, "onboard");
    String name = "Acme " + UUID.randomUUID();
    Http.Reply check = anonymous.get("api/orgs/check-name?name=" + name.replace(" ", "%20"));
    assertTrue(check.json().getBoolean("available"), check.toString());
    Http.Reply created = account.http().post("api/orgs", "{\"name\":\"" + name + "\"}");
    assertEquals(201, created.status(), created.toString());
    assertEquals("admin", created.json().getString("role"));
    assertFalse(
        anonymous
            .get("api/orgs/check-name?name=" + name.replace(" ", "%20"))
            .json()
            .getBoolean("available"));
    assertProblem(
        account.http().post("api/orgs", "{\"name\":\"" + name + "\"}"), 409, "name_taken");
    Http.Reply mine = account.http().get("api/orgs");
    assertEquals(1, mine.json().getJsonArray("organizations").size());
    assertEquals(
        created.json().getString("id"),
        account.http().get("users/me").json().getString("default_org_id"));
  }

  @Test
  void membersAndAdminsHaveTheirOwnRights() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "admin");
    Accounts.Account member = Accounts.registered(anonymous, "member");
    String org = admin.orgId();
    Http.Reply added =
        admin
            .http()
            .post(
                "api/orgs/" + org + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}");
    assertEquals(201, added.status(), added.toString());

    Http asMember = member.http().withHeader("X-Org-Id", org);
    assertEquals(200, asMember.get("api/orgs/" + org + "/members").status());
    assertEquals(201, asMember.post("api/projects", "{\"name\":\"by a member\"}").status());
    assertProblem(
        asMember.post(
            "api/orgs/" + org + "/members", "{\"email\":\"x@example.test\",\"role\":\"member\"}"),
        403,
        "admin_required");
    assertProblem(asMember.get("api/orgs/" + org + "/audit"), 403, "admin_required");
    assertProblem(
        asMember.patch("api/orgs/" + org + "/members/" + member.userId(), "{\"role\":\"admin\"}"),
        403,
        "admin_required");

    Http.Reply promoted =
        admin
            .http()
            .patch("api/orgs/" + org + "/members/" + member.userId(), "{\"role\":\"admin\"}");
    assertEquals(200, promoted.status(), promoted.toString());
    assertEquals(200, asMember.get("api/orgs/" + org + "/audit").status());

    Http.Reply audit = admin.http().get("api/orgs/" + org + "/audit");
    List<String> actions =
        audit.json().getJsonArray("events").stream()
            .map(e -> e.asJsonObject().getString("action"))
            .toList();
    assertTrue(actions.contains("member_added"), actions.toString());
    assertTrue(actions.contains("role_changed"), actions.toString());
    JsonObject event = audit.json().getJsonArray("events").getJsonObject(0);
    assertNotNull(event.getString("request_id"));
    assertNotNull(event.getString("address"));
  }

  @Test
  void aMemberAddedByEmailClaimsTheAccountByRegistering() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "inviter");
    String email = "invited-" + UUID.randomUUID() + "@example.test";
    Http.Reply added =
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + email + "\",\"role\":\"member\"}");
    assertEquals(201, added.status(), added.toString());
    assertProblem(login(email, Accounts.PASSWORD), 401, "invalid_credentials");
    Http.Reply claimed =
        anonymous.post(
            "api/auth/register",
            "{\"email\":\"" + email + "\",\"password\":\"" + Accounts.PASSWORD + "\"}");
    assertEquals(201, claimed.status(), claimed.toString());
    Http invited = bearer(Accounts.login(anonymous, email, Accounts.PASSWORD));
    assertEquals(admin.orgId(), invited.get("users/me").json().getString("default_org_id"));
    assertEquals(200, invited.get("api/projects").status());
    assertProblem(
        anonymous.post(
            "api/auth/register",
            "{\"email\":\"" + email + "\",\"password\":\"another password!\"}"),
        409,
        "email_taken");
  }

  @Test
  void theLastAdminCannotBeRemovedOrDemoted() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "last");
    String path = "api/orgs/" + admin.orgId() + "/members/" + admin.userId();
    assertProblem(admin.http().delete(path), 409, "last_admin");
    assertProblem(admin.http().patch(path, "{\"role\":\"member\"}"), 409, "last_admin");
    assertEquals(
        1,
        admin
            .http()
            .get("api/orgs/" + admin.orgId() + "/members")
            .json()
            .getJsonArray("members")
            .size());
  }

  @Test
  void superadminSeesEveryOrganization() {
    Accounts.Account owner = Accounts.withOrganization(anonymous, "watched");
    Http superadmin =
        bearer(
            Accounts.login(
                anonymous,
                System.getenv("MAINSPRING_ADMIN_EMAIL"),
                System.getenv("MAINSPRING_ADMIN_PASSWORD")));
    assertEquals(200, superadmin.get("api/orgs/" + owner.orgId()).status());
    assertEquals(200, superadmin.get("api/orgs/" + owner.orgId() + "/audit").status());
  }

  // --- isolation between organizations ------------------------------------------------------

  @Test
  void nothingOfOneOrganizationReachesAnother() {
    Accounts.Account a = Accounts.withOrganization(anonymous, "tenant-a");
    Accounts.Account b = Accounts.withOrganization(anonymous, "tenant-b");
    String project =
        a.http().post("api/projects", "{\"name\":\"A's plans\"}").json().getString("project_id");
    String thread =
        a.http()
            .post("api/threads", "{\"project_id\":\"" + project + "\",\"title\":\"A's talk\"}")
            .json()
            .getString("thread_id");
    Http.Reply keyOfA = a.http().post("api-keys", "{\"name\":\"a\",\"scopes\":[\"*\"]}");
    String keyId = keyOfA.json().getString("id");
    String keySecretOfA = keyOfA.json().getString("secret");
    String keyOfB =
        b.http().post("api-keys", "{\"name\":\"b\",\"scopes\":[\"*\"]}").json().getString("secret");

    for (Http intruder : List.of(b.http(), bearer(keyOfB))) {
      assertProblem(intruder.get("api/projects/" + project), 404, "project_not_found");
      assertProblem(
          intruder.patch("api/projects/" + project, "{\"name\":\"mine\"}"),
          404,
          "project_not_found");
      assertProblem(intruder.delete("api/projects/" + project), 404, "project_not_found");
      assertProblem(intruder.get("api/threads/" + thread), 404, "thread_not_found");
      assertProblem(intruder.get("api/threads?project_id=" + project), 404, "project_not_found");
      assertProblem(
          intruder.post("api/threads", "{\"project_id\":\"" + project + "\"}"),
          404,
          "project_not_found");
      assertFalse(intruder.get("api/projects?limit=100").text().contains(project));
      assertFalse(intruder.get("api/threads?limit=100").text().contains(thread));
      assertProblem(intruder.get("api/orgs/" + a.orgId()), 404, "organization_not_found");
      assertProblem(
          intruder.get("api/orgs/" + a.orgId() + "/members"), 404, "organization_not_found");
      assertProblem(
          intruder.get("api/orgs/" + a.orgId() + "/audit"), 404, "organization_not_found");
    }
    assertProblem(b.http().delete("api-keys/" + keyId), 404, "api_key_not_found");
    assertFalse(b.http().get("api-keys").text().contains(keyId));
    assertProblem(
        b.http().withHeader("X-Org-Id", a.orgId()).get("api/projects"), 403, "not_a_member");
    assertProblem(
        bearer(keyOfB).withHeader("X-Org-Id", a.orgId()).get("api/projects"),
        403,
        "wrong_organization");

    assertEquals("A's plans", a.http().get("api/projects/" + project).json().getString("name"));
    assertEquals(200, bearer(keySecretOfA).get("api/threads/" + thread).status());
  }

  @Test
  void rowsCarryTheirOrganizationAndCreator() throws Exception {
    Accounts.Account a = Accounts.withOrganization(anonymous, "owner");
    String project =
        a.http().post("api/projects", "{\"name\":\"owned\"}").json().getString("project_id");
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select org_id, created_by from projects where id = '" + project + "'")) {
      assertTrue(r.next());
      assertEquals(a.orgId(), r.getString(1));
      assertEquals(a.userId(), r.getString(2));
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private Http.Reply login(String email, String password) {
    return anonymous.post(
        "api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
  }

  private Http.Reply refresh(String refreshToken) {
    return anonymous.post("api/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
  }

  private Http bearer(String token) {
    return anonymous.withHeader("Authorization", "Bearer " + token);
  }

  private static void assertUnauthorized(Http.Reply reply, String code) {
    assertProblem(reply, 401, code);
    assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply.toString());
  }

  /** The server's signing key, read as the server reads it: decrypted with the master key. */
  private static SigningKey serverSigningKey() throws Exception {
    MasterKey master = MasterKey.fromBase64(System.getenv("MAINSPRING_MASTER_KEY"));
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select private_jwk from signing_keys where retired_at is null"
                    + " and master_key_id = '"
                    + master.id()
                    + "' order by created_at desc limit 1")) {
      assertTrue(r.next(), "no signing key in the database");
      return SigningKey.importPrivateJwk(
          new String(master.decrypt(r.getBytes(1)), StandardCharsets.UTF_8));
    }
  }

  private static AccessTokens tokens(SigningKey key, String issuer, String audience, Clock clock) {
    return new AccessTokens(SigningKeys.of(key), issuer, audience, clock);
  }

  private static AccessTokenClaims claims(UUID user, String issuer, String audience) {
    return new AccessTokenClaims(user, null, List.of(), issuer, audience, Duration.ofMinutes(15));
  }
}
