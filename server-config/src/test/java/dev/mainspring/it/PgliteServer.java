package dev.mainspring.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL-protocol server with the pgvector extension on loopback, for the pgvector family's
 * tests: {@code node server.mjs <port>} in {@code src/test/pglite} (PGlite in memory, its packages
 * installed by the build's {@code npm ci}). Started per test, stopped (and its data gone) by {@link
 * #close}.
 */
final class PgliteServer implements AutoCloseable {

  private static final long START_SECONDS = 90;

  private final Process process;
  private final int port;

  private PgliteServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server on the build's reserved port and waits until it accepts connections. */
  static PgliteServer start() throws IOException, InterruptedException {
    int port = Integer.parseInt(System.getProperty("mainspring.it.pglitePort"));
    File dir = new File(System.getProperty("mainspring.it.pgliteDir"));
    Process process =
        new ProcessBuilder("node", "server.mjs", Integer.toString(port))
            .directory(dir)
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Boolean> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  System.out.println("[pglite] " + line);
                  if (line.startsWith("listening")) {
                    listening.complete(true);
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
              listening.complete(false);
            },
            "pglite-output");
    reader.setDaemon(true);
    reader.start();
    boolean up;
    try {
      up = listening.get(START_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      up = false;
    }
    if (!up) {
      process.destroyForcibly();
      throw new IllegalStateException("the PGlite server did not start on port " + port);
    }
    return new PgliteServer(process, port);
  }

  int port() {
    return port;
  }

  /** The endpoint a pgvector provider instance names. */
  String endpoint() {
    return "postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** A connection of the test's own, to look at what the adapter wrote. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "pglite");
  }

  /** Stops the server (SIGTERM, then a kill after 10 s) and waits for it to end. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
