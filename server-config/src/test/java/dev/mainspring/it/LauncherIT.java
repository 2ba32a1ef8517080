package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's way of running Mainspring: the launcher jar with no database configured starts the
 * embedded PostgreSQL and Payara Micro, serves the API (and the server's health, metrics and
 * OpenAPI endpoints without credentials), prints a short plain summary and no secret, stops both on
 * SIGTERM, and finds its data again on the next start.
 */
class LauncherIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final Path dist = Path.of(System.getProperty("mainspring.dist"));
  private final Path dataDir = Path.of(System.getProperty("mainspring.it.dir"), "launcher-data");
  private final int port = Integer.getInteger("mainspring.it.launcherPort");
  private final Http http = new Http(URI.create("http://localhost:" + port + "/"));

  @Test
  void projectsSurviveARestartOnTheSameDataDirectory() throws Exception {
    deleteRecursively(dataDir);
    String id;
    Accounts.Account account;
    Process first = start("first-run.log");
    try {
      awaitHealthy(first, "first-run.log");
      awaitReadyLine("first-run.log");
      assertPlainAndWithoutSecrets(log("first-run.log"));
      assertSummary(log("first-run.log"));
      ServerEndpoints.assertServedWithoutCredentials(http);
      ServerEndpoints.assertNoDetourIntoTheApi(http.uri("/"));
      assertASecondLauncherOnTheSameDirectoryStopsPlainly();
      account = Accounts.withOrganization(http, "launcher");
      Http.Reply created = account.http().post("api/projects", "{\"name\":\"persistent\"}");
      assertEquals(201, created.status(), created.toString());
      id = created.json().getString("project_id");
      String keySecret =
          account
              .http()
              .post("api-keys", "{\"name\":\"log check\",\"scopes\":[\"*\"]}")
              .json()
              .getString("secret");
      assertEquals(200, http.get("api/projects", "X-API-Key", keySecret).status());
      // Document E serves feature flags only with FEATURE_FLAGS_ENABLED=true; the README's
      // launcher runs without it.
      PlatformIT.assertProblem(
          account.http().get("api/feature-flags"), 404, "feature_flags_disabled");

      String printed = generatedAdminPassword(log("first-run.log"));
      String adminToken = Accounts.login(http, "admin@mainspring.local", printed);
      Http.Reply me = http.withHeader("Authorization", "Bearer " + adminToken).get("users/me");
      assertTrue(me.json().getBoolean("superadmin"), me.toString());

      String providerSecret = "sk-launcher-" + java.util.UUID.randomUUID();
      Http admin = http.withHeader("Authorization", "Bearer " + adminToken);
      try (StubOpenAiServer stub = StubOpenAiServer.start()) {
        stub.requireApiKey("another-key");
        String ref =
            admin
                .post(
                    "v1/modelops/credentials",
                    "{\"name\":\"launcher\",\"secret\":\"" + providerSecret + "\"}")
                .json()
                .getString("ref");
        String provider =
            admin
                .post(
                    "v1/platform/providers",
                    "{\"slug\":\"launcher-stub\",\"display_name\":\"Stub\","
                        + "\"provider_key\":\"vllm_local\",\"endpoint_url\":\""
                        + stub.baseUrl()
                        + "\",\"secret_refs\":{\"api_key\":\""
                        + ref
                        + "\"}}")
                .json()
                .getString("id");
        Http.Reply validated = admin.post("v1/platform/providers/" + provider + "/validate", "{}");
        assertEquals("failed", validated.json().getString("status"), validated.toString());
        assertEquals("Bearer " + providerSecret, stub.authorizations().get(0));
        assertFalse(validated.text().contains(providerSecret));
      }

      String output = log("first-run.log");
      for (String secret :
          List.of(Accounts.PASSWORD, keySecret, account.token(), adminToken, providerSecret)) {
        assertFalse(output.contains(secret), "a secret reached the log");
      }
      assertPlainAndWithoutSecrets(output);
      assertSummary(output);
      assertEquals(
          1,
          output.split(java.util.regex.Pattern.quote(printed), -1).length - 1,
          "the generated password should be printed once, in the summary");
    } finally {
      stop(first);
    }
    // 143 = 128 + SIGTERM: the JVM's exit status after its shutdown hooks ran on SIGTERM.
    assertTrue(
        first.exitValue() == 0 || first.exitValue() == 143,
        "the launcher exited with " + first.exitValue());
    assertFalse(portOpen(port), "Payara Micro still listens after the launcher stopped");
    assertTrue(log("first-run.log").contains("Stopping the embedded PostgreSQL"));
    assertTrue(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION")));

    Process second = start("second-run.log");
    try {
      awaitHealthy(second, "second-run.log");
      awaitReadyLine("second-run.log");
      String token = Accounts.login(http, account.email(), Accounts.PASSWORD);
      Http.Reply read =
          http.withHeader("Authorization", "Bearer " + token).get("api/projects/" + id);
      assertEquals(200, read.status(), read.toString());
      assertEquals("persistent", read.json().getString("name"));
    } finally {
      stop(second);
    }
    String output = log("second-run.log");
    assertPlainAndWithoutSecrets(output);
    assertSummary(output);
    assertFalse(output.contains("Superadmin:"), "a password is generated on the first start only");
    assertTrue(
        output.matches("(?s).*Schema at version \\d+ \\(0 migrations applied now\\).*"),
        "the second start names the schema's version it found:\n" + output);
    long lines = output.lines().count();
    assertTrue(lines < 25, "a plain second start printed " + lines + " lines:\n" + output);
  }

  @Test
  void withDbUrlItUsesThatDatabaseAndStartsNone() throws Exception {
    deleteRecursively(dataDir);
    // The test database trusts local connections, so any password is accepted: a distinctive one
    // shows whether it reaches the log, here with Payara's full log turned on.
    String dbPassword = "db-secret-" + java.util.UUID.randomUUID();
    Process launcher =
        start(
            "external-db.log",
            System.getenv("DB_URL"),
            Map.of(
                "DB_PASSWORD", dbPassword,
                "DB_OWNER_PASSWORD", dbPassword,
                "MAINSPRING_LOG_LEVEL", "INFO"));
    try {
      awaitHealthy(launcher, "external-db.log");
      Http.Reply created =
          Accounts.withOrganization(http, "external")
              .http()
              .post("api/projects", "{\"name\":\"external\"}");
      assertEquals(201, created.status(), created.toString());
      String id = created.json().getString("project_id");
      try (var c = TestDatabase.connect();
          var q = c.prepareStatement("select name from projects where id = ?::uuid")) {
        q.setString(1, id);
        try (var r = q.executeQuery()) {
          assertTrue(r.next(), "the project is not in the DB_URL database");
          assertEquals("external", r.getString(1));
        }
      }
    } finally {
      stop(launcher);
    }
    String output = log("external-db.log");
    assertTrue(output.contains("(from DB_URL)"), output);
    assertFalse(Files.exists(dataDir.resolve("postgres")), "an embedded database was started");
    assertTrue(
        output.contains("Boot Command set returned"),
        "MAINSPRING_LOG_LEVEL=INFO shows Payara's log");
    assertTrue(
        output.contains("property.password=********"), "the boot command echo is not masked");
    assertFalse(output.contains(dbPassword), "the database password reached the log");
    assertPlainAndWithoutSecrets(output);
  }

  /**
   * No terminal escape sequence (the output is a file) and no password: none after {@code
   * password=} or {@code password:} but masked, save the superadmin's generated one in the summary.
   */
  private static void assertPlainAndWithoutSecrets(String output) {
    assertFalse(output.contains("\u001B"), "a terminal escape sequence in a log written to a file");
    assertFalse(
        output.contains("password=embedded"), "the embedded database's password was printed");
    var password = java.util.regex.Pattern.compile("(?i)password\\s*[=:]\\s*(\\S+)");
    output
        .lines()
        .filter(line -> !line.startsWith("[mainspring]   Superadmin: "))
        .forEach(
            line -> {
              var m = password.matcher(line);
              while (m.find()) {
                assertTrue(m.group(1).startsWith("********"), "a password in the log: " + line);
              }
            });
  }

  /** The launcher's summary: where it runs, its data, its database, and how to see more. */
  private void assertSummary(String output) {
    assertTrue(
        output.contains("[mainspring] Mainspring is ready at http://localhost:" + port + " "),
        output);
    assertTrue(output.contains("[mainspring]   Data directory: " + dataDir), output);
    assertTrue(
        output.contains("[mainspring]   Database: embedded PostgreSQL on port ")
            && output.contains("its data in " + dataDir.resolve("postgres")),
        output);
    assertTrue(output.contains("MAINSPRING_LOG_LEVEL=INFO"), output);
  }

  /** A second launcher on a data directory in use says so in one plain line and exits 1. */
  private void assertASecondLauncherOnTheSameDirectoryStopsPlainly() throws Exception {
    Process second = start("same-directory.log");
    assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second launcher did not give up");
    String output = log("same-directory.log");
    assertEquals(1, second.exitValue(), output);
    assertTrue(output.contains("is in use by another running Mainspring"), output);
    assertFalse(output.contains("Exception"), output);
    assertEquals(200, http.get("api/health").status(), "the first server goes on");
  }

  private Process start(String logName) throws IOException {
    return start(logName, null, Map.of());
  }

  /** The superadmin password the summary gives once, on the first start of an empty database. */
  private static String generatedAdminPassword(String output) {
    var matcher =
        java.util.regex.Pattern.compile(
                "\\[mainspring\\]   Superadmin: admin@mainspring\\.local, generated password: (\\S+) ")
            .matcher(output);
    assertTrue(matcher.find(), "no generated superadmin password was printed");
    return matcher.group(1);
  }

  private Process start(String logName, String dbUrl, Map<String, String> settings)
      throws IOException {
    Files.createDirectories(dataDir);
    ProcessBuilder launcher =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    dist.resolve("mainspring-server.jar").toString()))
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve(logName).toFile());
    var env = launcher.environment();
    if (dbUrl == null) {
      env.remove("DB_URL");
      env.remove("DB_USER");
      env.remove("DB_PASSWORD");
      env.remove("DB_OWNER_USER");
      env.remove("DB_OWNER_PASSWORD");
      env.remove("MAINSPRING_ADMIN_EMAIL");
      env.remove("MAINSPRING_ADMIN_PASSWORD");
      env.remove("MAINSPRING_MASTER_KEY");
      env.remove("FEATURE_FLAGS_ENABLED");
    }
    env.put("PORT", Integer.toString(port));
    env.put("MAINSPRING_DATA_DIR", dataDir.toString());
    env.put("MAINSPRING_JAVA_OPTS", "-Xmx512m");
    env.remove("MAINSPRING_LOG_LEVEL");
    env.putAll(settings);
    return launcher.start();
  }

  /** The launcher prints its summary once its own probe saw the server answer, a moment later. */
  private void awaitReadyLine(String logName) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!log(logName).contains("[mainspring] Mainspring is ready at")) {
      assertTrue(System.nanoTime() < deadline, "the launcher printed no summary:\n" + log(logName));
      Thread.sleep(100);
    }
  }

  private void awaitHealthy(Process launcher, String logName) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(launcher.isAlive(), "the launcher exited early:\n" + log(logName));
      try {
        if (http.get("api/health/deep").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Mainspring did not become healthy within " + START_TIMEOUT);
  }

  private static void stop(Process launcher) throws InterruptedException {
    launcher.destroy();
    if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly().waitFor();
      throw new AssertionError("the launcher did not stop within 90 s of SIGTERM");
    }
  }

  private static boolean portOpen(int port) {
    try (Socket socket = new Socket("localhost", port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  private String log(String name) throws IOException {
    Path file = dataDir.resolve(name);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
