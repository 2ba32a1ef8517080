package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that race: parallel creates of the same thing, started together, answer one 201 and then
 * the same 409 a request that came second gets, and store nothing of the losers; a row deleted
 * while others are being made to refer to it answers 404 (or 409 for the delete), never 500; and
 * the login throttle holds against a burst of parallel attempts.
 */
class ConcurrentWritesIT extends ApiTest {

  private static final int RACERS = 12;

  /** What the superadmin tests made, deleted after each test (platform tables are global). */
  private final List<String> cleanup = new ArrayList<>();

  @AfterEach
  void removePlatformRows() throws SQLException {
    try (Connection c = TestDatabase.connect()) {
      for (int i = cleanup.size() - 1; i >= 0; i--) {
        try (var s = c.createStatement()) {
          s.executeUpdate(cleanup.get(i));
        }
      }
    }
  }

  // --- identity ---------------------------------------------------------------------------

  @Test
  void parallelRegistrationsOfOneAddressMakeOneAccount() throws Exception {
    String email = "race-" + UUID.randomUUID() + "@example.test";
    String body = "{\"email\":\"" + email + "\",\"password\":\"" + Accounts.PASSWORD + "\"}";

    List<Http.Reply> replies = race(RACERS, i -> anonymous.post("api/auth/register", body));

    assertOneWinner(replies, 201, 409, "email_taken");
    assertEquals(1, count("select count(*) from users where lower(email) = ?", email));
    Accounts.login(anonymous, email, Accounts.PASSWORD);
  }

  @Test
  void parallelOrganizationsOfOneNameMakeOne() throws Exception {
    String name = "Race " + UUID.randomUUID();
    String body = "{\"name\":\"" + name + "\"}";

    List<Http.Reply> replies = race(RACERS, i -> http.post("api/orgs", body));

    assertOneWinner(replies, 201, 409, "name_taken");
    assertEquals(1, count("select count(*) from organizations where name = ?", name));
    assertEquals(
        1,
        count(
            "select count(*) from memberships m join organizations o on o.id = m.org_id"
                + " where o.name = ?",
            name));
  }

  @Test
  void parallelAdditionsOfOneNewMemberMakeOneAccountAndOneMembershipPerOrganization()
      throws Exception {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "race-admin");
    String secondOrg =
        admin
            .http()
            .post("api/orgs", "{\"name\":\"race second " + UUID.randomUUID() + "\"}")
            .json()
            .getString("id");
    List<String> orgs = List.of(admin.orgId(), secondOrg);
    String email = "race-invited-" + UUID.randomUUID() + "@example.test";
    String body = "{\"email\":\"" + email + "\",\"role\":\"member\"}";

    List<Http.Reply> replies =
        race(RACERS, i -> admin.http().post("api/orgs/" + orgs.get(i % 2) + "/members", body));

    assertStatuses(replies, 201, 2, 409, "already_member");
    assertEquals(1, count("select count(*) from users where lower(email) = ?", email));
    for (String org : orgs) {
      assertEquals(
          1,
          count(
              "select count(*) from memberships m join users u on u.id = m.user_id"
                  + " where u.email = ? and m.org_id = ?::uuid",
              email,
              org));
    }
  }

  // --- model platform ---------------------------------------------------------------------

  @Test
  void parallelCredentialsOfOneNameMakeOne() throws Exception {
    Http admin = Accounts.superadmin(anonymous);
    String name = "race " + UUID.randomUUID();
    cleanup.add("delete from provider_credentials where name = '" + name + "'");
    String body = "{\"name\":\"" + name + "\",\"secret\":\"sk-race\"}";

    List<Http.Reply> replies = race(RACERS, i -> admin.post("v1/modelops/credentials", body));

    assertOneWinner(replies, 201, 409, "credential_name_taken");
    assertEquals(1, count("select count(*) from provider_credentials where name = ?", name));
  }

  @Test
  void parallelProvidersOfOneSlugMakeOne() throws Exception {
    Http admin = Accounts.superadmin(anonymous);
    String slug = "race-" + UUID.randomUUID();
    cleanup.add("delete from provider_instances where slug = '" + slug + "'");

    List<Http.Reply> replies =
        race(RACERS, i -> admin.post("v1/platform/providers", providerBody(slug)));

    assertOneWinner(replies, 201, 409, "provider_slug_taken");
    assertEquals(1, count("select count(*) from provider_instances where slug = ?", slug));
  }

  @Test
  void parallelModelsOfOneKeyMakeOne() throws Exception {
    Http admin = Accounts.superadmin(anonymous);
    String provider = provider(admin);
    String key = "race-model-" + UUID.randomUUID();
    cleanup.add("delete from managed_models where model_key = '" + key + "'");
    List<Http.Reply> replies;
    // The provider's row is held here until every request has found the key free and waits to
    // insert (behind the lock, or behind the first insert of the key), so all of them race.
    try (Connection c = TestDatabase.connect()) {
      c.setAutoCommit(false);
      execute(c, "select id from provider_instances where id = ?::uuid for update", provider);
      replies =
          whileHeld(
              c, RACERS, i -> admin.post("v1/modelops/models", modelBody(key, provider)), () -> {});
    }

    assertOneWinner(replies, 201, 409, "model_id_taken");
    assertEquals(1, count("select count(*) from managed_models where model_key = ?", key));
  }

  @Test
  void parallelDeploymentsOfOneSlugMakeOneWithItsBindingsOnce() throws Exception {
    Http admin = Accounts.superadmin(anonymous);
    String provider = provider(admin);
    String slug = "race-" + UUID.randomUUID();
    cleanup.add("delete from deployment_profiles where slug = '" + slug + "'");
    String body =
        "{\"slug\":\""
            + slug
            + "\",\"display_name\":\"Race\",\"bindings\":[{\"capability\":\"llm_inference\","
            + "\"provider_id\":\""
            + provider
            + "\"}]}";

    List<Http.Reply> replies = race(RACERS, i -> admin.post("v1/platform/deployments", body));

    assertOneWinner(replies, 201, 409, "deployment_slug_taken");
    assertEquals(1, count("select count(*) from deployment_profiles where slug = ?", slug));
    assertEquals(
        1,
        count(
            "select count(*) from deployment_bindings b join deployment_profiles d"
                + " on d.id = b.deployment_id where d.slug = ?",
            slug));
  }

  @Test
  void parallelClonesUnderOneSlugMakeOne() throws Exception {
    Http admin = Accounts.superadmin(anonymous);
    String source = "race-source-" + UUID.randomUUID();
    cleanup.add("delete from deployment_profiles where slug = '" + source + "'");
    String sourceId =
        ModelPlatform.created(
                admin.post(
                    "v1/platform/deployments",
                    "{\"slug\":\"" + source + "\",\"display_name\":\"Source\"}"))
            .getString("id");
    String slug = "race-clone-" + UUID.randomUUID();
    cleanup.add("delete from deployment_profiles where slug = '" + slug + "'");
    String body = "{\"slug\":\"" + slug + "\"}";

    List<Http.Reply> replies =
        race(RACERS, i -> admin.post("v1/platform/deployments/" + sourceId + "/clone", body));

    assertOneWinner(replies, 201, 409, "deployment_slug_taken");
    assertEquals(1, count("select count(*) from deployment_profiles where slug = ?", slug));
  }

  // --- references that vanish meanwhile ---------------------------------------------------

  /**
   * Threads are being started in a project while it is deleted: each has found the project and
   * waits to insert (the project's row is locked here); the project is then deleted, and every one
   * answers the project's 404, as it would had it come a moment later.
   */
  @Test
  void threadsOfAProjectDeletedMeanwhileAnswerProjectNotFound() throws Exception {
    String project =
        ModelPlatform.created(http.post("api/projects", "{\"name\":\"doomed\"}"))
            .getString("project_id");
    String body = "{\"project_id\":\"" + project + "\",\"title\":\"too late\"}";
    List<Http.Reply> replies;
    try (Connection c = TestDatabase.connect()) {
      c.setAutoCommit(false);
      execute(c, "select id from projects where id = ?::uuid for update", project);
      replies =
          whileHeld(
              c,
              RACERS,
              i -> http.post("api/threads", body),
              () -> {
                execute(c, "delete from projects where id = ?::uuid", project);
              });
    }

    assertStatuses(replies, 404, RACERS, 0, null);
    replies.forEach(reply -> assertProblem(reply, 404, "project_not_found"));
    assertEquals(0, count("select count(*) from threads where project_id = ?::uuid", project));
  }

  /**
   * A model is made on a provider while the provider is deleted: the model waits to insert (the
   * provider's row is locked here) and answers 400 {@code unknown_provider} once it is gone.
   */
  @Test
  void modelsOfAProviderDeletedMeanwhileAnswerUnknownProvider() throws Exception {
    Http admin = Accounts.superadmin(anonymous);
    String provider = provider(admin);
    List<Http.Reply> replies;
    try (Connection c = TestDatabase.connect()) {
      c.setAutoCommit(false);
      execute(c, "select id from provider_instances where id = ?::uuid for update", provider);
      replies =
          whileHeld(
              c,
              3,
              i ->
                  admin.post(
                      "v1/modelops/models", modelBody("orphan-" + UUID.randomUUID(), provider)),
              () -> execute(c, "delete from provider_instances where id = ?::uuid", provider));
    }

    replies.forEach(reply -> assertProblem(reply, 400, "unknown_provider"));
    assertEquals(
        0, count("select count(*) from managed_models where provider_id = ?::uuid", provider));
  }

  /**
   * A provider is deleted while a model is being made on it: the delete found no model yet and
   * waits for the provider's row, which the model's insert holds here; once the model is stored the
   * delete answers 409 {@code provider_in_use}, as it would had it come a moment later.
   */
  @Test
  void deletingAProviderThatGainedAModelMeanwhileAnswersProviderInUse() throws Exception {
    Http admin = Accounts.superadmin(anonymous);
    String provider = provider(admin);
    String model = UUID.randomUUID().toString();
    cleanup.add("delete from managed_models where id = '" + model + "'");
    List<Http.Reply> replies;
    try (Connection c = TestDatabase.connect()) {
      c.setAutoCommit(false);
      execute(
          c,
          "insert into managed_models (id, model_key, display_name, capability, provider_id,"
              + " provider_model_id, status, is_validation_current, version, created_at,"
              + " updated_at) values (?::uuid, 'late-"
              + model
              + "', 'late', 'llm_inference',"
              + " ?::uuid, 'late', 'draft', false, 1, now(), now())",
          model,
          provider);
      replies = whileHeld(c, 1, i -> admin.delete("v1/platform/providers/" + provider), () -> {});
    }

    assertProblem(replies.get(0), 409, "provider_in_use");
    assertEquals(1, count("select count(*) from provider_instances where id = ?::uuid", provider));
  }

  /**
   * The repositories choose their answer by the constraint's name; a name that does not exist in
   * the schema would silently fall back to the generic answer.
   */
  @Test
  void constraintsTheRepositoriesNameExist() throws Exception {
    List<String> named =
        List.of(
            "users_email_idx",
            "organizations_slug_key",
            "memberships_pkey",
            "memberships_org_id_fkey",
            "memberships_user_id_fkey",
            "threads_project_id_fkey",
            "provider_credentials_name_key",
            "provider_instances_slug_key",
            "provider_instances_loaded_model_fk",
            "managed_models_model_key_key",
            "managed_models_provider_id_fkey",
            "model_validations_model_id_fkey",
            "model_tests_model_id_fkey",
            "model_access_pkey",
            "model_access_model_id_fkey",
            "model_access_grants_org_id_fkey",
            "deployment_profiles_slug_key",
            "deployment_profiles_one_active",
            "deployment_bindings_deployment_id_capability_key",
            "deployment_bindings_deployment_id_fkey",
            "deployment_bindings_provider_id_fkey",
            "deployment_bindings_default_model_id_fkey",
            "deployment_binding_models_binding_id_fkey",
            "deployment_binding_models_model_id_fkey",
            "user_model_settings_pkey");
    for (String name : named) {
      assertEquals(
          1,
          count(
              "select count(*) from (select conname as name from pg_constraint union"
                  + " select relname from pg_class where relkind = 'i') n where name = ?",
              name),
          name);
    }
  }

  // --- login throttle ---------------------------------------------------------------------

  /**
   * A burst of wrong passwords for one account: at most {@code mainspring.auth.max-failures} (5)
   * reach the password check, the rest are refused; the right password is refused too while the
   * account is locked, and works once the window ({@code failure-window-seconds}, short in the
   * tests) has passed.
   */
  @Test
  void burstOfWrongPasswordsIsThrottledAtTheLimit() throws Exception {
    Accounts.Account account = Accounts.registered(anonymous, "burst");
    String wrong =
        "{\"email\":\"" + account.email() + "\",\"password\":\"not the password at all\"}";

    List<Http.Reply> replies = race(100, i -> anonymous.post("api/auth/login", wrong));

    assertStatuses(replies, 401, 5, 429, "too_many_attempts");
    replies.stream()
        .filter(reply -> reply.status() == 401)
        .forEach(reply -> assertProblem(reply, 401, "invalid_credentials"));
    String right =
        "{\"email\":\"" + account.email() + "\",\"password\":\"" + Accounts.PASSWORD + "\"}";
    Http.Reply locked = anonymous.post("api/auth/login", right);
    assertProblem(locked, 429, "too_many_attempts");
    long retryAfter = Long.parseLong(locked.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);

    Thread.sleep(TimeUnit.SECONDS.toMillis(retryAfter) + 500);
    Http.Reply afterTheWindow = anonymous.post("api/auth/login", right);
    assertEquals(200, afterTheWindow.status(), afterTheWindow.toString());
  }

  /**
   * Attempts are counted before the password is checked, so a success must take its attempt back:
   * the account starts afresh, and the address (from which many people may log in) counts one less.
   */
  @Test
  void successfulLoginsTakeTheirAttemptsBack() throws Exception {
    Accounts.Account account = Accounts.registered(anonymous, "many-logins");
    String emailKey = "email:" + account.email();
    Map<String, List<String>> untouched = addressCounts();
    assertProblem(
        anonymous.post(
            "api/auth/login",
            "{\"email\":\"" + account.email() + "\",\"password\":\"wrong password\"}"),
        401,
        "invalid_credentials");
    assertEquals(1, count("select failures from login_failures where key = ?", emailKey));
    Map<String, List<String>> before = addressCounts();
    before.entrySet().removeIf(entry -> entry.getValue().equals(untouched.get(entry.getKey())));
    assertEquals(1, before.size(), "the address of this test's requests: " + before);
    String address = before.keySet().iterator().next();

    for (int i = 0; i < 8; i++) {
      Accounts.login(anonymous, account.email(), Accounts.PASSWORD);
    }

    assertEquals(0, count("select count(*) from login_failures where key = ?", emailKey));
    List<String> after = addressCounts().get(address);
    boolean sameWindow = after.get(1).equals(before.get(address).get(1));
    assertEquals(
        sameWindow ? before.get(address).get(0) : "0",
        after.get(0),
        "failures counted for " + address + ", before " + before + ", after " + after);
  }

  /** Every address counted: its failures and the start of its window. */
  private static Map<String, List<String>> addressCounts() throws SQLException {
    Map<String, List<String>> counts = new HashMap<>();
    try (Connection c = TestDatabase.connect();
        PreparedStatement s =
            c.prepareStatement(
                "select key, failures, window_start from login_failures"
                    + " where key like 'address:%'");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        counts.put(r.getString(1), List.of(r.getString(2), r.getString(3)));
      }
    }
    return counts;
  }

  // --- helpers ----------------------------------------------------------------------------

  /** {@code n} requests started at the same instant; their replies in no particular order. */
  private static List<Http.Reply> race(int n, IntFunction<Http.Reply> request) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Http.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return request.apply(index);
                }));
      }
      ready.await();
      go.countDown();
      List<Http.Reply> replies = new ArrayList<>();
      for (Future<Http.Reply> future : futures) {
        replies.add(future.get(2, TimeUnit.MINUTES));
      }
      return replies;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Sends {@code n} requests while {@code held}, a transaction of the test, holds a row lock they
   * will wait for; once all of them wait, runs {@code thenInHeld} in that transaction and commits.
   */
  private static List<Http.Reply> whileHeld(
      Connection held, int n, IntFunction<Http.Reply> request, SqlAction thenInHeld)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Http.Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> request.apply(index)));
      }
      awaitWaitingForLocks(n);
      thenInHeld.run();
      held.commit();
      List<Http.Reply> replies = new ArrayList<>();
      for (Future<Http.Reply> future : futures) {
        replies.add(future.get(2, TimeUnit.MINUTES));
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until {@code n} sessions of the application's role wait for a lock. */
  private static void awaitWaitingForLocks(int n) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      int waiting =
          count(
              "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                  + " and usename = ?",
              System.getenv("DB_USER"));
      if (waiting >= n) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail(waiting + " of " + n + " requests reached the lock within 30 s");
      }
      Thread.sleep(20);
    }
  }

  /** Exactly one {@code winner}; every other reply {@code loser} with {@code code}. */
  private static void assertOneWinner(
      List<Http.Reply> replies, int winner, int loser, String code) {
    assertStatuses(replies, winner, 1, loser, code);
  }

  /**
   * {@code winners} replies of status {@code winner}, all others {@code loser} with {@code code}.
   */
  private static void assertStatuses(
      List<Http.Reply> replies, int winner, int winners, int loser, String code) {
    String summary =
        replies.stream()
            .collect(Collectors.groupingBy(Http.Reply::status, Collectors.counting()))
            .toString();
    assertEquals(
        winners,
        replies.stream().filter(reply -> reply.status() == winner).count(),
        "statuses " + summary);
    replies.stream()
        .filter(reply -> reply.status() != winner)
        .forEach(reply -> assertProblem(reply, loser, code));
  }

  private static String providerBody(String slug) {
    return "{\"slug\":\""
        + slug
        + "\",\"display_name\":\"race\",\"provider_key\":\"vllm_local\","
        + "\"endpoint_url\":\"http://127.0.0.1:9/v1\"}";
  }

  private static String modelBody(String key, String provider) {
    return "{\"model_id\":\""
        + key
        + "\",\"display_name\":\"race\",\"capability\":\"llm_inference\",\"provider_id\":\""
        + provider
        + "\",\"provider_model_id\":\"race\"}";
  }

  /** A provider for the test, deleted after it (with what refers to it). */
  private String provider(Http admin) {
    String slug = "race-provider-" + UUID.randomUUID();
    String id =
        ModelPlatform.created(admin.post("v1/platform/providers", providerBody(slug)))
            .getString("id");
    cleanup.add("delete from provider_instances where id = '" + id + "'");
    cleanup.add("delete from deployment_bindings where provider_id = '" + id + "'");
    cleanup.add("delete from managed_models where provider_id = '" + id + "'");
    return id;
  }

  private static int count(String sql, String... parameters) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static void execute(Connection c, String sql, String... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      s.execute();
    }
  }

  @FunctionalInterface
  private interface SqlAction {
    void run() throws SQLException;
  }
}
