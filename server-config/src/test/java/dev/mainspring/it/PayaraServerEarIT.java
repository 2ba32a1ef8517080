package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The EAR on Payara Server 6 full profile, set up as docs/operations.md tells operators: a new
 * domain, the PostgreSQL driver in the domain's lib, the same data-source commands the Micro
 * launcher runs (post-boot.asadmin, values from the environment), then deploy, call, undeploy.
 */
class PayaraServerEarIT {

  private static final String DOMAIN = "mainspring-it";

  private final Path payara = Path.of(System.getProperty("mainspring.it.payaraServer"));
  private final Path domains = Path.of(System.getProperty("mainspring.it.dir"), "domains");
  private final Path dist = Path.of(System.getProperty("mainspring.dist"));
  private final int portBase = Integer.getInteger("mainspring.it.serverPortBase", 28000);
  private final int adminPort = portBase + 48;
  private final Http http = new Http(URI.create("http://localhost:" + (portBase + 80) + "/"));

  @Test
  void earDeploysServesTheApiAndUndeploys() throws Exception {
    deleteRecursively(domains);
    asadmin(
        "create-domain",
        "--nopassword",
        "--portbase",
        Integer.toString(portBase),
        "--domaindir",
        domains.toString(),
        DOMAIN);
    Path driver = Path.of(System.getProperty("mainspring.it.driver"));
    Files.copy(
        driver,
        domains.resolve(DOMAIN).resolve("lib").resolve(driver.getFileName()),
        StandardCopyOption.REPLACE_EXISTING);
    asadmin("start-domain", "--domaindir", domains.toString(), DOMAIN);
    try {
      remote("multimode", "--file", dist.resolve("post-boot.asadmin").toString());
      remote(
          "set",
          "configs.config.server-config.network-config.protocols.protocol.http-listener-1.http"
              + ".http2-enabled=false",
          "configs.config.server-config.network-config.protocols.protocol.http-listener-1.http"
              + ".timeout-seconds=330");
      // The set restarts the listener in the background; a deploy that begins meanwhile can find
      // it half made ("GrizzlyProxy is NULL") and the listener never answers again. Deploy once
      // it answers (404 before anything is deployed).
      awaitListener("");
      remote("deploy", "--name", "mainspring", System.getProperty("mainspring.it.ear"));

      Http.Reply health = awaitListener("api/health/deep");
      assertEquals(200, health.status(), health.toString());
      assertEquals("healthy", health.json().getString("status"));

      Accounts.Account account = Accounts.withOrganization(http, "ear");
      Http user = account.http();
      Http.Reply created = user.post("api/projects", "{\"name\":\"on payara server\"}");
      assertEquals(201, created.status(), created.toString());
      // The JDK's client asks for an h2c upgrade with its POST; with HTTP/2 off (step 4 of the
      // documented deployment) it gets its answer in HTTP/1.1 at once.
      java.net.http.HttpResponse<String> jdk =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(http.uri("api/projects"))
                      .header("Authorization", "Bearer " + account.token())
                      .header("Content-Type", "application/json")
                      .timeout(java.time.Duration.ofSeconds(20))
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              "{\"name\":\"from the jdk\"}"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(201, jdk.statusCode(), jdk.body());
      assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, jdk.version());
      String id = created.json().getString("project_id");
      assertEquals("on payara server", user.get("api/projects/" + id).json().getString("name"));
      assertEquals(404, user.get("api/projects/" + java.util.UUID.randomUUID()).status());
      assertEquals(401, http.get("api/projects/" + id).status());
      ServerEndpoints.assertServedWithoutCredentials(http);

      remote("undeploy", "mainspring");
      assertEquals(404, http.get("api/health").status());
    } finally {
      asadmin("stop-domain", "--domaindir", domains.toString(), DOMAIN);
    }
  }

  /**
   * The first answer at {@code path}. The {@code set} of http2-enabled restarts the HTTP listener
   * in the background, so right after deploy the port can still refuse connections for a moment.
   */
  private Http.Reply awaitListener(String path) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        return http.get(path);
      } catch (java.io.UncheckedIOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(500);
      }
    }
  }

  private void remote(String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(adminPort)));
    args.addAll(List.of(command));
    asadmin(args.toArray(String[]::new));
  }

  private void asadmin(String... command) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(payara.resolve("bin").resolve("asadmin").toString());
    args.add("--interactive=false");
    args.addAll(List.of(command));
    Path log = Files.createTempFile(domains.getParent(), "asadmin", ".log");
    Process process =
        new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("asadmin " + String.join(" ", command) + " timed out");
    }
    String output = Files.readString(log);
    assertTrue(
        process.exitValue() == 0, "asadmin " + String.join(" ", command) + " failed:\n" + output);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }
}
