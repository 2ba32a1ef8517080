package dev.mainspring.platform.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;
import java.util.stream.Stream;

/**
 * Starts Mainspring: the embedded PostgreSQL unless {@code DB_URL} names a database, then Payara
 * Micro running the WAR with the post-boot commands that create the data sources from {@code
 * DB_URL}, {@code DB_USER}/{@code DB_PASSWORD} (the application role) and {@code
 * DB_OWNER_USER}/{@code DB_OWNER_PASSWORD} (the schema owner). Ctrl-C (SIGTERM) stops the server,
 * then the database.
 *
 * <p>What a user sees is the launcher's: the server's console output passes through {@link
 * ConsoleRelay} (plain text unless the output is a terminal, secrets masked), Payara's own loggers
 * stay at WARNING unless {@code MAINSPRING_LOG_LEVEL} says otherwise ({@link ServerLogging}), and
 * once the server answers the launcher prints a short summary: the URL, the data directory, the
 * database, and the superadmin's password when this start generated one.
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
  private final List<String> summary = new ArrayList<>();

  /**
   * Guards the summary and the generated password, which the relay's thread reports. Not the
   * monitor of {@link #stop()}: that one is held while the server shuts down, and a relay waiting
   * for it would stop reading the server's output.
   */
  private final Object console = new Object();

  private EmbeddedDatabase database;
  private Process server;
  private ConsoleRelay.GeneratedAdmin generatedAdmin;
  private boolean summaryPrinted;

  Launcher(LauncherSettings settings, Path home) {
    this.settings = settings;
    this.home = home;
  }

  public static void main(String[] args) throws Exception {
    quietOwnLogging();
    Path home =
        Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .getParent();
    LauncherSettings settings;
    try {
      settings = LauncherSettings.from(System.getenv());
    } catch (IllegalArgumentException e) {
      say(e.getMessage());
      System.exit(2);
      return;
    }
    Launcher launcher = new Launcher(settings, home);
    Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "mainspring-shutdown"));
    System.exit(launcher.run());
  }

  /**
   * The launcher's own libraries (the embedded PostgreSQL's, through SLF4J) log to
   * java.util.logging: warnings and errors only, one plain line each.
   */
  private static void quietOwnLogging() throws IOException {
    String config =
        "handlers=java.util.logging.ConsoleHandler\n"
            + "java.util.logging.ConsoleHandler.formatter=java.util.logging.SimpleFormatter\n"
            + "java.util.logging.SimpleFormatter.format="
            + ServerLogging.LINE_FORMAT
            + "\n.level=WARNING\n";
    LogManager.getLogManager()
        .readConfiguration(new ByteArrayInputStream(config.getBytes(StandardCharsets.ISO_8859_1)));
  }

  int run() throws IOException, InterruptedException {
    Files.createDirectories(settings.dataDir());
    String url = "http://localhost:" + settings.port();
    say("Starting Mainspring on " + url + " (data directory " + settings.dataDir() + ") ...");
    summary.add("Data directory: " + settings.dataDir());
    Map<String, String> env = new HashMap<>();
    if (settings.dbUrl().isPresent()) {
      env.put("DB_URL", settings.dbUrl().get());
      env.put("DB_USER", settings.dbUser());
      env.put("DB_PASSWORD", settings.dbPassword());
      env.put("DB_OWNER_USER", settings.dbOwnerUser());
      env.put("DB_OWNER_PASSWORD", settings.dbOwnerPassword());
      summary.add(
          "Database: "
              + ConsoleRelay.maskPasswords(settings.dbUrl().get())
              + " (from DB_URL) as "
              + settings.dbUser()
              + ", migrations as "
              + settings.dbOwnerUser());
    } else {
      try {
        database =
            EmbeddedDatabase.start(
                settings.dataDir().resolve("postgres"), settings.embeddedDbPort(), false);
      } catch (EmbeddedDatabase.DataDirectoryInUse e) {
        say(e.getMessage());
        return 1;
      }
      // The embedded PostgreSQL trusts local connections, so the pools' password is never
      // checked; a random one per start keeps a fixed word out of the configuration.
      String password = randomToken();
      env.put("DB_URL", database.jdbcUrl());
      env.put("DB_USER", EmbeddedDatabase.APP_ROLE);
      env.put("DB_PASSWORD", password);
      env.put("DB_OWNER_USER", EmbeddedDatabase.USER);
      env.put("DB_OWNER_PASSWORD", password);
      summary.add(
          "Database: embedded PostgreSQL on port "
              + database.port()
              + ", its data in "
              + database.dataDir());
    }
    env.put("MAINSPRING_MASTER_KEY", masterKey());
    server = startServer(env);
    ConsoleRelay relay =
        new ConsoleRelay(
            System.out,
            System.console() != null,
            List.of(
                env.get("DB_PASSWORD"),
                env.get("DB_OWNER_PASSWORD"),
                env.get("MAINSPRING_MASTER_KEY")),
            this::generatedAdmin);
    Thread pump = relay.start(server.getInputStream());
    summary.add(
        "Server log: "
            + (settings.logLevel().equals(ServerLogging.DEFAULT_LEVEL)
                ? "Payara's warnings and errors only; MAINSPRING_LOG_LEVEL=INFO shows its full log"
                : "Payara's loggers at " + settings.logLevel().getName()));
    if (awaitReady()) {
      printSummary(url);
      // The launcher only supervises from here on: what it allocated to unpack and start the
      // database and to poll the server is garbage, and a collection now hands that memory back.
      System.gc();
    } else if (server.isAlive()) {
      say(
          "The server did not answer "
              + url
              + "/api/health within "
              + READY_TIMEOUT.toMinutes()
              + " minutes; it keeps running, the lines above may say why.");
    }
    int exit = server.waitFor();
    pump.join(TimeUnit.SECONDS.toMillis(5));
    boolean wasReady;
    synchronized (console) {
      wasReady = summaryPrinted;
    }
    if (!wasReady) {
      say(
          "The server exited with status "
              + exit
              + " before it was ready; the lines above say why.");
      printGeneratedAdmin();
    }
    stopDatabase();
    return exit;
  }

  private Process startServer(Map<String, String> db) throws IOException {
    Path rootDir = settings.dataDir().resolve("payara-micro");
    deleteRecursively(rootDir);
    Path logging = ServerLogging.write(rootDir.resolve("logging.properties"), settings.logLevel());
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
            "--logproperties",
            logging.toString(),
            "--prebootcommandfile",
            home.resolve("pre-boot.asadmin").toString(),
            "--postbootcommandfile",
            home.resolve("post-boot.asadmin").toString(),
            "--addlibs",
            postgresDriver().toString()));
    command.removeIf(String::isEmpty);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.INHERIT)
            .redirectErrorStream(true);
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
      new SecureRandom().nextBytes(key);
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
      try {
        Files.setPosixFilePermissions(
            file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the file system has no POSIX permissions; the data directory's own protection applies
      }
      summary.add(
          "Master key: made in "
              + file
              + " (keep it with the data; MAINSPRING_MASTER_KEY sets your own)");
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
  private boolean awaitReady() throws InterruptedException, IOException {
    URL health = new URL("http://localhost:" + settings.port() + "/api/health");
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (server.isAlive() && System.nanoTime() < deadline) {
      HttpURLConnection probe = (HttpURLConnection) health.openConnection();
      probe.setConnectTimeout(2000);
      probe.setReadTimeout(5000);
      try {
        if (probe.getResponseCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // the port is not open yet
      } finally {
        probe.disconnect();
      }
      Thread.sleep(200);
    }
    return false;
  }

  private void printSummary(String url) {
    String took =
        ProcessHandle.current()
            .info()
            .startInstant()
            .map(
                t ->
                    String.format(
                        " (started in %.1f s)",
                        Duration.between(t, Instant.now()).toMillis() / 1000.0))
            .orElse("");
    synchronized (console) {
      say("Mainspring is ready at " + url + took + ". Ctrl-C stops it.");
      summary.forEach(line -> say("  " + line));
      printGeneratedAdmin();
      say(
          "  Health: "
              + url
              + "/api/health/deep, "
              + url
              + "/health/ready; metrics: "
              + url
              + "/metrics");
      summaryPrinted = true;
    }
  }

  /** Told by the relay when the server made the superadmin with a generated password. */
  private void generatedAdmin(ConsoleRelay.GeneratedAdmin admin) {
    synchronized (console) {
      generatedAdmin = admin;
      if (summaryPrinted) {
        printGeneratedAdmin();
      }
    }
  }

  private void printGeneratedAdmin() {
    synchronized (console) {
      if (generatedAdmin == null) {
        return;
      }
      say(
          "  Superadmin: "
              + generatedAdmin.email()
              + ", generated password: "
              + generatedAdmin.password()
              + " (printed this once only; MAINSPRING_ADMIN_PASSWORD sets your own)");
      generatedAdmin = null;
    }
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

  private static String randomToken() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
