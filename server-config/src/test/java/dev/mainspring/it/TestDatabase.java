package dev.mainspring.it;

import dev.mainspring.platform.server.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the PostgreSQL the integration tests run against, before any test and so before any
 * server: a fresh embedded PostgreSQL on the port Maven reserved ({@code MAINSPRING_IT_DB_PORT}),
 * which the servers under test reach through {@code DB_URL}. Starts nothing in unit-test runs,
 * where that variable is not set.
 */
public class TestDatabase implements LauncherSessionListener {

  private static EmbeddedDatabase database;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String port = System.getenv("MAINSPRING_IT_DB_PORT");
    if (port == null || database != null) {
      return;
    }
    try {
      Path dir = Path.of(System.getProperty("mainspring.it.dir", "target/it"), "postgres");
      database = EmbeddedDatabase.start(dir, Integer.parseInt(port), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test PostgreSQL", e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (database != null) {
      try {
        database.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        database = null;
      }
    }
  }

  /** A connection as the schema owner, for tests that look at or bend the database directly. */
  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        System.getenv("DB_URL"),
        System.getenv("DB_OWNER_USER"),
        System.getenv("DB_OWNER_PASSWORD"));
  }

  /** A connection as the application role, which the server's queries run as. */
  public static Connection connectAsApplication() throws SQLException {
    return DriverManager.getConnection(
        System.getenv("DB_URL"), System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
  }
}
