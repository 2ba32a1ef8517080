package dev.mainspring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.inference.service.upstream.StubOpenAiServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code LLM_URL} alone gives a working chat model (issue 13): the launcher started with the stub
 * OpenAI server as {@code LLM_URL} seeds the runtime's models, validated and bound to {@code
 * local-default}, and a new user's first chat completion works with no admin call. Two instances
 * starting together on a fresh database seed each model once, and a restart seeds nothing again
 * (nor asks the runtime).
 */
class RuntimeModelsSeedIT {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final String CHAT =
      "{\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";

  private final Path dist = Path.of(System.getProperty("mainspring.dist"));
  private final Path dir = Path.of(System.getProperty("mainspring.it.dir"), "seed-runtime-models");

  @Test
  void llmUrlAloneGivesAChatModelSeededOnceAcrossInstancesAndRestarts() throws Exception {
    deleteRecursively(dir);
    String database = "seed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      s.execute("create database " + database);
    }
    String dbUrl = System.getenv("DB_URL").replace("/mainspring", "/" + database);
    try (StubOpenAiServer stub = StubOpenAiServer.start()) {
      int firstPort = Integer.getInteger("mainspring.it.launcherPort");
      int secondPort = freePort();
      Process first = start("first", firstPort, dbUrl, stub.baseUrl());
      Process second = start("second", secondPort, dbUrl, stub.baseUrl());
      try {
        Http one = awaitHealthy(first, "first", firstPort);
        Http two = awaitHealthy(second, "second", secondPort);

        Accounts.Account user = Accounts.withOrganization(one, "seeded");
        Http.Reply answer = awaitChat(user.http());
        assertTrue(answer.text().contains("Hello, world!"), answer.toString());
        Http asOther =
            two.withHeader(
                "Authorization", "Bearer " + Accounts.login(two, user.email(), Accounts.PASSWORD));
        Http.Reply listed = asOther.get("v1/models");
        assertTrue(listed.text().contains(StubOpenAiServer.MODEL), listed.toString());
        assertEquals(200, awaitChat(asOther).status());
      } finally {
        stop(first);
        stop(second);
      }
      assertEquals(1, seededModels(dbUrl), "the runtime's model was seeded more than once");
      assertEquals(1, boundModels(dbUrl));

      int asked = stub.requestCount();
      Process again = start("restart", firstPort, dbUrl, stub.baseUrl());
      try {
        Http restarted = awaitHealthy(again, "restart", firstPort);
        Accounts.Account user = Accounts.withOrganization(restarted, "restarted");
        Http.Reply answer = awaitChat(user.http());
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(asked + 1, stub.requestCount(), "the restart asked the runtime again");
      } finally {
        stop(again);
      }
      assertEquals(1, seededModels(dbUrl));
    } finally {
      try (Connection c = TestDatabase.connect();
          Statement s = c.createStatement()) {
        s.execute("drop database if exists " + database + " with (force)");
      }
    }
  }

  /** Chats until the seeded model answers: the runtime is asked in the background at start. */
  private static Http.Reply awaitChat(Http user) throws InterruptedException {
    Http.Reply reply = user.post("v1/chat/completions", CHAT);
    for (int i = 0; i < 60 && reply.status() != 200; i++) {
      Thread.sleep(500);
      reply = user.post("v1/chat/completions", CHAT);
    }
    assertEquals(200, reply.status(), reply.toString());
    return reply;
  }

  private static long seededModels(String dbUrl) throws Exception {
    return count(dbUrl, "select count(*) from managed_models where provider_model_id = ?");
  }

  private static long boundModels(String dbUrl) throws Exception {
    return count(
        dbUrl,
        "select count(*) from deployment_binding_models bm join managed_models m"
            + " on m.id = bm.model_id where m.provider_model_id = ?");
  }

  private static long count(String dbUrl, String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                dbUrl, System.getenv("DB_OWNER_USER"), System.getenv("DB_OWNER_PASSWORD"));
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, StubOpenAiServer.MODEL);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private Process start(String name, int port, String dbUrl, URI llmUrl) throws IOException {
    Path data = dir.resolve(name);
    Files.createDirectories(data);
    ProcessBuilder launcher =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    dist.resolve("mainspring-server.jar").toString()))
            .redirectErrorStream(true)
            .redirectOutput(data.resolve("server.log").toFile());
    var env = launcher.environment();
    env.put("DB_URL", dbUrl);
    env.put("LLM_URL", llmUrl.toString());
    env.put("PORT", Integer.toString(port));
    env.put("MAINSPRING_DATA_DIR", data.toString());
    env.put("MAINSPRING_JAVA_OPTS", "-Xmx512m");
    return launcher.start();
  }

  private Http awaitHealthy(Process launcher, String name, int port) throws Exception {
    Http http = new Http(URI.create("http://localhost:" + port + "/"));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(launcher.isAlive(), "the launcher exited early:\n" + log(name));
      try {
        if (http.get("api/health/deep").status() == 200) {
          return http;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Mainspring did not become healthy:\n" + log(name));
  }

  private String log(String name) throws IOException {
    Path file = dir.resolve(name).resolve("server.log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static void stop(Process launcher) throws InterruptedException {
    launcher.destroy();
    if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    }
    for (Path p : paths) {
      Files.delete(p);
    }
  }
}
