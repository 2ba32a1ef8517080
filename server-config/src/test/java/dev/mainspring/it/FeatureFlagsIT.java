package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Document E's feature flags ({@code GET /api/feature-flags}, {@code GET
 * /api/feature-flags/{flag_name}}), served here because the ITs' server runs with {@code
 * FEATURE_FLAGS_ENABLED=true} (the README's launcher, without it, answers 404: LauncherIT), and the
 * superadmins' {@code /v1/platform/feature-flags}.
 */
class FeatureFlagsIT extends ApiTest {

  private static final String PATH = "v1/platform/feature-flags/";

  private Http superadmin() {
    return Accounts.superadmin(anonymous);
  }

  private static String flag() {
    return "beta-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void superadminsSetFlagsThatEverySignedInCallerReads() {
    Http admin = superadmin();
    String name = flag();
    Http.Reply created =
        admin.put(PATH + name, "{\"enabled\":true,\"description\":\" New editor \"}");
    assertEquals(201, created.status(), created.toString());
    assertTrue(created.header("Location").endsWith("/v1/platform/feature-flags/" + name));
    assertEquals("New editor", created.json().getString("description"));
    assertTrue(created.json().getBoolean("enabled"));

    Accounts.Account member = Accounts.withOrganization(anonymous, "flags");
    JsonObject states = ModelPlatform.ok(member.http().get("api/feature-flags"));
    assertTrue(states.getJsonObject("flags").getBoolean(name), states.toString());
    JsonObject one = ModelPlatform.ok(member.http().get("api/feature-flags/" + name));
    assertEquals(name, one.getString("flag_name"));
    assertTrue(one.getBoolean("enabled"));
    assertEquals("New editor", one.getJsonObject("details").getString("description"));
    assertFalse(one.getJsonObject("details").getString("updated_at").isBlank());

    // Turned off: 200, the same flag, and every reader sees it off.
    Http.Reply off = admin.put(PATH + name, "{\"enabled\":false}");
    assertEquals(200, off.status(), off.toString());
    assertFalse(off.json().getBoolean("enabled"));
    assertTrue(off.json().isNull("description"), "a write without a description clears it");
    assertFalse(
        ModelPlatform.ok(member.http().get("api/feature-flags"))
            .getJsonObject("flags")
            .getBoolean(name));

    // An API key of any scope reads them too: flags are no tenant's data, the same for everyone.
    String key =
        ModelPlatform.created(
                member
                    .http()
                    .post("api-keys", "{\"name\":\"flags\",\"scopes\":[\"projects:read\"]}"))
            .getString("secret");
    Http withKey = anonymous.withHeader("Authorization", "Bearer " + key);
    assertFalse(ModelPlatform.ok(withKey.get("api/feature-flags/" + name)).getBoolean("enabled"));
    Accounts.Account elsewhere = Accounts.withOrganization(anonymous, "flags-other");
    assertFalse(
        ModelPlatform.ok(elsewhere.http().get("api/feature-flags"))
            .getJsonObject("flags")
            .getBoolean(name));

    JsonObject listed = ModelPlatform.ok(admin.get("v1/platform/feature-flags"));
    assertTrue(listed.getBoolean("served"));
    assertTrue(
        listed.getJsonArray("flags").getValuesAs(JsonObject.class).stream()
            .anyMatch(f -> f.getString("name").equals(name)),
        listed.toString());

    assertEquals(204, admin.delete(PATH + name).status());
    assertProblem(admin.delete(PATH + name), 404, "flag_not_found");
    JsonObject gone = ModelPlatform.ok(member.http().get("api/feature-flags/" + name));
    assertFalse(gone.getBoolean("enabled"));
    assertFalse(
        ModelPlatform.ok(member.http().get("api/feature-flags"))
            .getJsonObject("flags")
            .containsKey(name));
  }

  @Test
  void aFlagNobodySetReadsOffAndABadNameIsRefused() {
    Accounts.Account member = Accounts.withOrganization(anonymous, "flags-unset");
    String name = flag();
    JsonObject unset = ModelPlatform.ok(member.http().get("api/feature-flags/" + name));
    assertEquals(name, unset.getString("flag_name"));
    assertFalse(unset.getBoolean("enabled"));
    assertTrue(unset.isNull("details"));
    assertProblem(member.http().get("api/feature-flags/Not-A-Flag"), 400, "invalid_flag_name");
    assertEquals(401, anonymous.get("api/feature-flags").status());
    assertEquals(401, anonymous.get("api/feature-flags/" + name).status());
  }

  @Test
  void onlySuperadminsSetFlagsAndBadInputChangesNothing() {
    Http admin = superadmin();
    String name = flag();
    ModelPlatform.created(admin.put(PATH + name, "{\"enabled\":true}"));
    Accounts.Account owner = Accounts.withOrganization(anonymous, "flags-owner");

    assertProblem(owner.http().put(PATH + name, "{\"enabled\":false}"), 403, "superadmin_required");
    assertProblem(owner.http().delete(PATH + name), 403, "superadmin_required");
    assertProblem(owner.http().get("v1/platform/feature-flags"), 403, "superadmin_required");
    assertEquals(401, anonymous.put(PATH + name, "{\"enabled\":false}").status());

    assertProblem(admin.put(PATH + name, "{}"), 400, "invalid_enabled");
    assertProblem(admin.put(PATH + name, "{\"enabled\":\"yes\"}"), 400, "invalid_enabled");
    assertProblem(admin.put(PATH + name, "{\"enabled\":0}"), 400, "invalid_enabled");
    assertProblem(
        admin.put(PATH + name, "{\"enabled\":false,\"description\":5}"),
        400,
        "invalid_description");
    assertProblem(
        admin.put(PATH + name, "{\"enabled\":false,\"description\":\"" + "x".repeat(501) + "\"}"),
        400,
        "invalid_description");
    assertProblem(admin.put(PATH + "Bad.Name", "{\"enabled\":true}"), 400, "invalid_flag_name");
    assertProblem(admin.put(PATH + name, "{\"enabled\":"), 400, "malformed_json");

    JsonObject still = ModelPlatform.ok(owner.http().get("api/feature-flags/" + name));
    assertTrue(still.getBoolean("enabled"), "nothing refused changed the flag");
  }

  @Test
  void racingWritesOfANewFlagCreateItOnce() throws Exception {
    Http admin = superadmin();
    String name = flag();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Http.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        boolean enabled = i % 2 == 0;
        futures.add(pool.submit(() -> admin.put(PATH + name, "{\"enabled\":" + enabled + "}")));
      }
      int created = 0;
      for (Future<Http.Reply> f : futures) {
        Http.Reply reply = f.get();
        assertTrue(reply.status() == 201 || reply.status() == 200, reply.toString());
        created += reply.status() == 201 ? 1 : 0;
      }
      assertEquals(1, created, "one write created the flag, the others set it");
    } finally {
      pool.shutdownNow();
    }
    long listed =
        ModelPlatform.ok(admin.get("v1/platform/feature-flags"))
            .getJsonArray("flags")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(f -> f.getString("name").equals(name))
            .count();
    assertEquals(1, listed);
  }
}
