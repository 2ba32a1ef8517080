package dev.mainspring.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Thread dumps of the servers the tests started, taken when a request got no answer in time: a
 * request that hung once in a few thousand left nothing in the server's log, and only the state of
 * its threads at that moment can tell what it waited for.
 */
final class ServerThreadDumps {

  private static final String SESSIONS =
      "select pid, usename, application_name, state, now() - xact_start as in_transaction,"
          + " wait_event_type, wait_event, left(query, 300) as query"
          + " from pg_stat_activity where datname = current_database() order by xact_start";

  private static final String WAITING =
      "select l.pid, l.locktype, l.mode, l.relation::regclass as relation,"
          + " pg_blocking_pids(l.pid) as blocked_by"
          + " from pg_locks l where not l.granted";

  private static final Path DIRECTORY = Path.of("target", "thread-dumps");

  private ServerThreadDumps() {}

  /**
   * Dumps every running Payara Micro of this machine, and the database's sessions and waiting
   * locks, into target/thread-dumps; never throws.
   */
  static void take(String why) {
    summarize(why);
  }

  /**
   * As {@link #take}, and answers a short account of what the servers' busy threads and the
   * database's sessions were doing, for a failure message: CI keeps only the end of its log, and a
   * failure's message is what that end shows.
   */
  static String summarize(String why) {
    StringBuilder summary = new StringBuilder();
    summary.append(databaseState(why));
    List<ProcessHandle> servers =
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .map(c -> c.contains("payara-micro") || c.contains("mainspring-server"))
                        .orElse(false))
            .toList();
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (ProcessHandle server : servers) {
      Path file = DIRECTORY.resolve(Instant.now().toEpochMilli() + "-" + server.pid() + ".txt");
      try {
        Files.createDirectories(DIRECTORY);
        Files.writeString(file, why + "\n\n", StandardCharsets.UTF_8);
        Process dump =
            new ProcessBuilder(jcmd.toString(), String.valueOf(server.pid()), "Thread.print", "-l")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()))
                .start();
        if (!dump.waitFor(30, TimeUnit.SECONDS)) {
          dump.destroyForcibly();
        }
        System.err.println("thread dump of server " + server.pid() + " (" + why + "): " + file);
        summary.append("\nserver ").append(server.pid()).append(": ");
        summary.append(busyThreads(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        System.err.println("no thread dump of server " + server.pid() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return summary.length() > 6000 ? summary.substring(0, 6000) + " …" : summary.toString();
  }

  /**
   * The threads of a dump that were doing something of ours or serving a request: each one's name
   * and top frames, on one line. Idle pool threads (parked or waiting for work) are left out.
   */
  static String busyThreads(String dump) {
    StringBuilder out = new StringBuilder();
    for (String block : dump.split("\n\\s*\n")) {
      if (!block.startsWith("\"")) {
        continue;
      }
      boolean ours = block.contains("dev.mainspring.");
      boolean serving = block.contains("http-thread-pool") && block.contains("org.apache.catalina");
      if (!ours && !serving) {
        continue;
      }
      List<String> lines = block.lines().toList();
      out.append("[").append(lines.get(0), 0, Math.min(lines.get(0).length(), 80)).append(" |");
      lines.stream()
          .filter(l -> l.strip().startsWith("at ") || l.strip().startsWith("- "))
          .limit(8)
          .forEach(l -> out.append(" ").append(l.strip()));
      out.append("] ");
    }
    return out.length() == 0 ? "no busy thread" : out.toString();
  }

  /** Writes the database's sessions and waiting locks; answers the sessions in a transaction. */
  private static String databaseState(String why) {
    Path file = DIRECTORY.resolve(Instant.now().toEpochMilli() + "-database.txt");
    StringBuilder out = new StringBuilder(why).append("\n");
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      for (String query : List.of(SESSIONS, WAITING)) {
        out.append("\n").append(query).append("\n");
        try (ResultSet rows = s.executeQuery(query)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              out.append(i == 1 ? "" : " | ").append(rows.getString(i));
            }
            out.append("\n");
          }
        }
      }
      Files.createDirectories(DIRECTORY);
      Files.writeString(file, out, StandardCharsets.UTF_8);
      System.err.println("database state (" + why + "): " + file);
      return "database: "
          + out.toString()
              .lines()
              .filter(l -> l.contains(" | ") && !l.contains("| idle |") && !l.contains("| null |"))
              .limit(12)
              .collect(java.util.stream.Collectors.joining(" ; "));
    } catch (SQLException | IOException | RuntimeException e) {
      System.err.println("no database state: " + e);
      return "no database state: " + e;
    }
  }
}
