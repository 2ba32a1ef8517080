package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

/** Makes real accounts through the API, as a new user of Mainspring would. */
public final class Accounts {

  public static final String PASSWORD = "correct horse battery staple";

  private Accounts() {}

  /** A registered user with a fresh organization of their own, as its admin. */
  public record Account(String email, String userId, String orgId, String token, Http http) {}

  /** Registers {@code label-<random>@example.test}, logs in and creates an organization. */
  public static Account withOrganization(Http anonymous, String label) {
    Account account = registered(anonymous, label);
    Http.Reply org =
        account.http().post("api/orgs", "{\"name\":\"" + label + " " + UUID.randomUUID() + "\"}");
    assertEquals(201, org.status(), org.toString());
    return new Account(
        account.email(),
        account.userId(),
        org.json().getString("id"),
        account.token(),
        account.http());
  }

  /** A registered, logged-in user without any organization. */
  public static Account registered(Http anonymous, String label) {
    String email = label + "-" + UUID.randomUUID() + "@example.test";
    Http.Reply registered =
        anonymous.post(
            "api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    assertEquals(201, registered.status(), registered.toString());
    String token = login(anonymous, email, PASSWORD);
    return new Account(
        email,
        registered.json().getString("id"),
        null,
        token,
        anonymous.withHeader("Authorization", "Bearer " + token));
  }

  /** An access token for the account. */
  public static String login(Http anonymous, String email, String password) {
    Http.Reply login =
        anonymous.post(
            "api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    assertEquals(200, login.status(), login.toString());
    return login.json().getString("access_token");
  }

  /** A client of the superadmin the test server was started with. */
  public static Http superadmin(Http anonymous) {
    return anonymous.withHeader(
        "Authorization",
        "Bearer "
            + login(
                anonymous,
                System.getenv("MAINSPRING_ADMIN_EMAIL"),
                System.getenv("MAINSPRING_ADMIN_PASSWORD")));
  }

  /**
   * An admin API key (scope {@code billing:admin}), made by the superadmin in a new organization of
   * theirs. The superadmin's default organization is then cleared again, as the seeded superadmin
   * starts: other test classes rely on a superadmin who acts in no organization unless asked.
   */
  public static Http billingAdminKey(Http anonymous, Http admin, String label) {
    String org =
        ModelPlatform.created(
                admin.post("api/orgs", "{\"name\":\"" + label + " " + UUID.randomUUID() + "\"}"))
            .getString("id");
    jakarta.json.JsonObject key =
        ModelPlatform.created(
            admin
                .withHeader("X-Org-Id", org)
                .post("api-keys", "{\"name\":\"" + label + "\",\"scopes\":[\"billing:admin\"]}"));
    try (java.sql.Connection c = TestDatabase.connect();
        java.sql.PreparedStatement clear =
            c.prepareStatement("update users set default_org_id = null where email = ?")) {
      clear.setString(1, System.getenv("MAINSPRING_ADMIN_EMAIL"));
      clear.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return anonymous.withHeader("X-API-Key", key.getString("secret"));
  }
}
