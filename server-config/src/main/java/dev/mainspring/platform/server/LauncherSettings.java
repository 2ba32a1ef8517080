package dev.mainspring.platform.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

/**
 * What the launcher is told by the environment. Every key has a default, so a bare start works.
 *
 * @param port HTTP port ({@code PORT}, default 8000 as document E says)
 * @param dataDir where the embedded database and server state live ({@code MAINSPRING_DATA_DIR},
 *     default {@code ./data})
 * @param dbUrl an external PostgreSQL ({@code DB_URL}); when absent the embedded one starts
 * @param dbUser the application role of the external database ({@code DB_USER})
 * @param dbPassword its password ({@code DB_PASSWORD})
 * @param dbOwnerUser the schema owner of the external database, who runs migrations ({@code
 *     DB_OWNER_USER}, default {@code DB_USER})
 * @param dbOwnerPassword its password ({@code DB_OWNER_PASSWORD}, default {@code DB_PASSWORD})
 * @param embeddedDbPort port of the embedded PostgreSQL ({@code MAINSPRING_EMBEDDED_DB_PORT}, 0 for
 *     any free port)
 * @param javaOptions JVM options of the server process ({@code MAINSPRING_JAVA_OPTS})
 * @param logLevel the level of the server's loggers other than Mainspring's own ({@code
 *     MAINSPRING_LOG_LEVEL}, default WARNING; INFO gives Payara's usual start-up log)
 */
public record LauncherSettings(
    int port,
    Path dataDir,
    Optional<String> dbUrl,
    String dbUser,
    String dbPassword,
    String dbOwnerUser,
    String dbOwnerPassword,
    int embeddedDbPort,
    String javaOptions,
    Level logLevel) {

  /**
   * The server JVM's options unless {@code MAINSPRING_JAVA_OPTS} says otherwise. ZGC: its pauses
   * stay under a millisecond, where G1's young collections stopped every request in flight for 6-16
   * ms every second or two at 500 gateway calls per second on two cores (see bench/README.md). The
   * common fork-join pool gets at least two threads: with one (the JDK's choice on two cores) every
   * asynchronous completion runs on a new thread.
   *
   * <p>Memory at rest: ZGC never gives back heap below its initial size (by default a 64th of the
   * machine's memory, 377 MiB on 24 GiB) and gives back the rest only after {@code ZUncommitDelay}
   * (300 s). A start's garbage grew the heap to about 550 MiB, of which 115 MiB stay live, so the
   * server sat at about 700 MiB proportional set size. {@code -Xms64m} and a 10 s delay hand the
   * rest back within a minute of the start (about 340 MiB); neither changes how often ZGC collects.
   */
  static final String DEFAULT_JAVA_OPTIONS =
      "-Xms64m -Xmx1g -XX:+UseZGC -XX:ZUncommitDelay=10"
          + " -Djava.util.concurrent.ForkJoinPool.common.parallelism="
          + Math.max(2, Runtime.getRuntime().availableProcessors() - 1);

  /**
   * The settings {@code env} gives.
   *
   * @throws IllegalArgumentException when a value cannot be used, with a message that names it
   */
  public static LauncherSettings from(Map<String, String> env) {
    String dbUser = env.getOrDefault("DB_USER", "postgres");
    String dbPassword = env.getOrDefault("DB_PASSWORD", "");
    return new LauncherSettings(
        number(env, "PORT", "8000"),
        Path.of(env.getOrDefault("MAINSPRING_DATA_DIR", "data")).toAbsolutePath().normalize(),
        Optional.ofNullable(env.get("DB_URL")).filter(s -> !s.isBlank()),
        dbUser,
        dbPassword,
        env.getOrDefault("DB_OWNER_USER", dbUser),
        env.getOrDefault("DB_OWNER_PASSWORD", dbPassword),
        number(env, "MAINSPRING_EMBEDDED_DB_PORT", "0"),
        env.getOrDefault("MAINSPRING_JAVA_OPTS", DEFAULT_JAVA_OPTIONS),
        level(env.get("MAINSPRING_LOG_LEVEL")));
  }

  private static int number(Map<String, String> env, String key, String fallback) {
    String value = env.getOrDefault(key, fallback).strip();
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
    }
  }

  private static Level level(String value) {
    if (value == null || value.isBlank()) {
      return ServerLogging.DEFAULT_LEVEL;
    }
    try {
      return Level.parse(value.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "MAINSPRING_LOG_LEVEL must be a java.util.logging level such as WARNING, INFO or FINE,"
              + " not '"
              + value.strip()
              + "'");
    }
  }
}
