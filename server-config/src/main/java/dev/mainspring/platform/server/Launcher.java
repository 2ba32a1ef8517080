package dev.mainspring.platform.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts Mainspring: the embedded PostgreSQL unless {@code DB_URL} names a database, then Payara
 * Micro running the WAR with the post-boot commands that create the data sources from {@code
 * DB_URL}, {@code DB_USER}/{@code DB_PASSWORD} (the application role) and {@code
 * DB_OWNER_USER}/{@code DB_OWNER_PASSWORD} (the schema owner). Ctrl-C (SIGTERM) stops the server,
 * then the database.
 *
 * <p>It expects the layout the build writes to {@code server-config/target/mainspring}:
 *
 * <pre>
 * mainspring-server.jar   this launcher
 * mainspring.war          the application
 * payara-micro.jar        the server
 * post-boot.asadmin       the data source and batch repository commands
 * lib/                    the launcher's libraries, among them the PostgreSQL driver
 * </pre>
 */
public final class Launcher {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

  private final LauncherSettings settings;
  private final Path home;
  private EmbeddedDatabase database;
  private Process server;

  Launcher(LauncherSettings settings, Path home) {
    this.settings = settings;
    this.home = home;
  }

  public static void main(String[] args) throws Exception {
    Path home =
        Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .getParent();
    Launcher launcher = new Launcher(LauncherSettings.from(System.getenv()), home);
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "mainspring-shutdown"));
    System.exit(launcher.run());
  }

  int run() throws IOException, InterruptedException {
    Files.createDirectories(settings.dataDir());
    Map<String, String> db;
    if (settings.dbUrl().isPresent()) {
      db =
          Map.of(
              "DB_URL", settings.dbUrl().get(),
              "DB_USER", settings.dbUser(),
              "DB_PASSWORD", settings.dbPassword(),
              "DB_OWNER_USER", settings.dbOwnerUser(),
              "DB_OWNER_PASSWORD", settings.dbOwnerPassword());
      say("Database: " + settings.dbUrl().get() + " (from DB_URL)");
    } else {
      database =
          EmbeddedDatabase.start(
              settings.dataDir().resolve("postgres"), settings.embeddedDbPort(), false);
      db =
          Map.of(
              "DB_URL",
              database.jdbcUrl(),
              "DB_USER",
              EmbeddedDatabase.APP_ROLE,
              "DB_PASSWORD",
              "embedded",
              "DB_OWNER_USER",
              EmbeddedDatabase.USER,
              "DB_OWNER_PASSWORD",
              "embedded");
      say("Database: embedded PostgreSQL at " + database.jdbcUrl());
      say("Data directory: " + database.dataDir());
    }

    Map<String, String> env = new java.util.HashMap<>(db);
    env.put("MAINSPRING_MASTER_KEY", masterKey());
    server = startServer(env);
    say("Starting Payara Micro on http://localhost:" + settings.port() + " ...");
    if (awaitReady()) {
      say(
          "Mainspring is ready at http://localhost:"
              + settings.port()
              + " (health: /api/health/deep). Ctrl-C stops it.");
    }
    int exit = server.waitFor();
    stopDatabase();
    return exit;
  }

  private Process startServer(Map<String, String> db) throws IOException {
    Path rootDir = settings.dataDir().resolve("payara-micro");
    deleteRecursively(rootDir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(settings.javaOptions().trim().split("\\s+")));
    command.addAll(
        List.of(
            "-jar",
            home.resolve("payara-micro.jar").toString(),
            "--deploy",
            home.resolve("mainspring.war").toString(),
            "--contextroot",
            "/",
            "--port",
            Integer.toString(settings.port()),
            "--nocluster",
            "--rootdir",
            rootDir.toString(),
            "--postbootcommandfile",
            home.resolve("post-boot.asadmin").toString(),
            "--addlibs",
            postgresDriver().toString()));
    command.removeIf(String::isEmpty);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    Map<String, String> env = builder.environment();
    env.putAll(db);
    env.put("MAINSPRING_DATA_DIR", settings.dataDir().toString());
    return builder.start();
  }

  /**
   * The master key that encrypts secrets at rest: {@code MAINSPRING_MASTER_KEY} when set, otherwise
   * the one kept in {@code <data dir>/master.key}, made on first start (readable by the owner
   * only).
   */
  private String masterKey() throws IOException {
    String configured = System.getenv("MAINSPRING_MASTER_KEY");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path file = settings.dataDir().resolve("master.key");
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      new java.security.SecureRandom().nextBytes(key);
      Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
      try {
        Files.setPosixFilePermissions(
            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the file system has no POSIX permissions; the data directory's own protection applies
      }
      say(
          "Made a master key in "
              + file
              + " (keep it with the data; set MAINSPRING_MASTER_KEY to use your own)");
    }
    return Files.readString(file).strip();
  }

  private Path postgresDriver() throws IOException {
    try (Stream<Path> libs = Files.list(home.resolve("lib"))) {
      return libs.filter(p -> p.getFileName().toString().startsWith("postgresql-"))
          .findFirst()
          .orElseThrow(() -> new IOException("no PostgreSQL driver in " + home.resolve("lib")));
    }
  }

  /** Polls /api/health until it answers 200, the server exits, or the timeout passes. */
  private boolean awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + settings.port() + "/api/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (server.isAlive() && System.nanoTime() < deadline) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // the port is not open yet
      }
      Thread.sleep(500);
    }
    return false;
  }

  /** Stops the server (SIGTERM, then kill after a timeout) and then the database. */
  synchronized void stop() {
    if (server != null && server.isAlive()) {
      say("Stopping Payara Micro ...");
      server.destroy();
      try {
        if (!server.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.destroyForcibly();
      }
    }
    stopDatabase();
  }

  private synchronized void stopDatabase() {
    if (database != null) {
      say("Stopping the embedded PostgreSQL ...");
      try {
        database.close();
      } catch (IOException e) {
        say("The embedded PostgreSQL did not stop cleanly: " + e.getMessage());
      }
      database = null;
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void say(String line) {
    System.out.println("[mainspring] " + line);
  }
}
