package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.identity.service.MasterKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ModelOps on the real server: saved provider credentials so far. */
class ModelOpsIT extends ApiTest {

  private Http superadmin() {
    return Accounts.superadmin(anonymous);
  }

  @Test
  void savedCredentialIsEncryptedAtRestAndNeverShown() throws Exception {
    Http admin = superadmin();
    String secret = "sk-test-" + UUID.randomUUID();
    String name = "openai " + UUID.randomUUID();
    Http.Reply created =
        admin.post(
            "v1/modelops/credentials",
            "{\"name\":\"" + name + "\",\"secret\":\"" + secret + "\",\"description\":\"cloud\"}");
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    assertEquals("modelops://credential/" + id, created.json().getString("ref"));
    assertFalse(created.text().contains(secret), "the secret was echoed");
    assertFalse(created.json().containsKey("secret"));

    Http.Reply listed = admin.get("v1/modelops/credentials");
    assertEquals(200, listed.status());
    assertTrue(listed.text().contains(name));
    assertFalse(listed.text().contains(secret), "the secret was listed");

    MasterKey master = MasterKey.fromBase64(System.getenv("MAINSPRING_MASTER_KEY"));
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "select secret, master_key_id from provider_credentials where id = '" + id + "'")) {
      assertTrue(r.next());
      byte[] stored = r.getBytes(1);
      assertFalse(
          new String(stored, StandardCharsets.ISO_8859_1).contains(secret), "stored in clear");
      assertEquals(master.id(), r.getString(2));
      assertArrayEquals(secret.getBytes(StandardCharsets.UTF_8), master.decrypt(stored));
    }

    assertProblem(
        admin.post("v1/modelops/credentials", "{\"name\":\"" + name + "\",\"secret\":\"x\"}"),
        409,
        "credential_name_taken");
    assertEquals(204, admin.delete("v1/modelops/credentials/" + id).status());
    assertProblem(admin.delete("v1/modelops/credentials/" + id), 404, "credential_not_found");
  }

  @Test
  void onlySuperadminsManageCredentials() {
    assertProblem(http.get("v1/modelops/credentials"), 403, "superadmin_required");
    assertProblem(
        http.post("v1/modelops/credentials", "{\"name\":\"mine\",\"secret\":\"s\"}"),
        403,
        "superadmin_required");
    String key =
        http.post("api-keys", "{\"name\":\"k\",\"scopes\":[\"*\"]}").json().getString("secret");
    assertProblem(
        anonymous.get("v1/modelops/credentials", "X-API-Key", key), 403, "user_token_required");
    assertProblem(anonymous.get("v1/modelops/credentials"), 401, "unauthenticated");
  }

  @Test
  void invalidCredentialIsRejectedAndNothingSaved() {
    Http admin = superadmin();
    String name = "blank " + UUID.randomUUID();
    assertProblem(
        admin.post("v1/modelops/credentials", "{\"name\":\"" + name + "\",\"secret\":\"\"}"),
        400,
        "validation_failed");
    assertFalse(admin.get("v1/modelops/credentials").text().contains(name));
  }
}
