package dev.mainspring.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Another Mainspring server on the test database, beside the Arquillian one: the launcher jar of
 * the build with {@code DB_URL}, {@code DB_USER} and the other settings of the failsafe
 * environment, on a free port of its own, with its own data directory. The two act as one server
 * through PostgreSQL, as instances of a deployment do.
 *
 * <pre>{@code
 * try (SecondInstance second = SecondInstance.start("crash")) {
 *   Http other = new Http(second.baseUri());
 *   ...
 *   second.kill();  // as kill -9 of the server: no shutdown, leases stay until they run out
 * }
 * }</pre>
 */
public final class SecondInstance implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final Process launcher;
  private final int port;
  private final Path log;

  private SecondInstance(Process launcher, int port, Path log) {
    this.launcher = launcher;
    this.port = port;
    this.log = log;
  }

  /** Starts an instance with the default settings and waits until it answers. */
  public static SecondInstance start(String name) throws Exception {
    return start(name, Map.of(), List.of());
  }

  /**
   * Starts an instance and waits until {@code /api/health/deep} answers 200.
   *
   * @param name names its data directory and log (under {@code mainspring.it.dir})
   * @param environment settings beyond the failsafe environment (they win)
   * @param systemProperties {@code -Dkey=value} options for the server's JVM, for example a shorter
   *     lease or heartbeat than the defaults
   */
  public static SecondInstance start(
      String name, Map<String, String> environment, List<String> systemProperties)
      throws Exception {
    Path dist = Path.of(System.getProperty("mainspring.dist"));
    Path dataDir =
        Path.of(
            System.getProperty("mainspring.it.dir"), "instance-" + name + "-" + UUID.randomUUID());
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve("server.log");
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    dist.resolve("mainspring-server.jar").toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("PORT", Integer.toString(port));
    env.put("MAINSPRING_DATA_DIR", dataDir.toString());
    List<String> javaOptions = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC"));
    javaOptions.addAll(systemProperties);
    env.put("MAINSPRING_JAVA_OPTS", String.join(" ", javaOptions));
    env.remove("MAINSPRING_LOG_LEVEL");
    env.putAll(new HashMap<>(environment));
    if (env.get("DB_URL") == null) {
      throw new IllegalStateException(
          "DB_URL is not set: a second instance needs the test database");
    }
    SecondInstance instance = new SecondInstance(builder.start(), port, log);
    try {
      instance.awaitHealthy();
    } catch (Exception | AssertionError e) {
      instance.kill();
      throw e;
    }
    return instance;
  }

  /** {@code http://localhost:<port>/}. */
  public URI baseUri() {
    return URI.create("http://localhost:" + port + "/");
  }

  /** An anonymous client of this instance. */
  public Http http() {
    return new Http(baseUri());
  }

  /** The instance's console output so far. */
  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Whether the server process is still running. */
  public boolean alive() {
    return launcher.isAlive() && launcher.descendants().anyMatch(ProcessHandle::isAlive);
  }

  /**
   * Kills the server as {@code kill -9} does: the server process and the launcher, with no shutdown
   * of any kind. Waits until they are gone.
   */
  public void kill() throws InterruptedException {
    List<ProcessHandle> children = launcher.descendants().toList();
    children.forEach(ProcessHandle::destroyForcibly);
    launcher.destroyForcibly();
    for (ProcessHandle child : children) {
      child.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> child).join();
    }
    launcher.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the instance: gracefully (SIGTERM) if it is running, killed if that takes too long. */
  @Override
  public void close() {
    try {
      if (!launcher.isAlive()) {
        kill(); // the launcher may be gone while its server is not
        return;
      }
      launcher.destroy();
      if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
        kill();
      } else {
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  private void awaitHealthy() throws Exception {
    Http client = http();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!launcher.isAlive()) {
        throw new AssertionError("the second instance exited early:\n" + log());
      }
      try {
        if (client.get("api/health/deep").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "the second instance did not become healthy within " + START_TIMEOUT + ":\n" + log());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
