package dev.mainspring.platform.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (binaries from Maven Central, unpacked on first use) whose data lives in
 * a directory that outlives the process: stopping and starting again keeps every row. Holds the
 * {@code mainspring} database.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String DATABASE = "mainspring";

  /** The superuser: owns the schema and runs the migrations. */
  public static final String USER = "postgres";

  /** The role the application's queries run as: owns nothing, so row-level security binds it. */
  public static final String APP_ROLE = "mainspring_app";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Starts PostgreSQL on {@code dataDir}, initialising it when empty, on {@code port} (0 for any
   * free port), with the {@value #DATABASE} database and the {@value #APP_ROLE} role. Local
   * connections are trusted, so the roles need no password.
   */
  public static EmbeddedDatabase start(Path dataDir, int port, boolean wipe) throws IOException {
    Files.createDirectories(dataDir);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(wipe)
            .setServerConfig("max_connections", "200")
            .setServerConfig("fsync", wipe ? "off" : "on");
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres;
    try {
      postgres = builder.start();
    } catch (IllegalStateException e) {
      // The library locks the data directory for the life of its PostgreSQL and says so only in
      // this exception's message.
      if (String.valueOf(e.getMessage()).startsWith("could not lock")) {
        throw new DataDirectoryInUse(dataDir);
      }
      throw e;
    }
    EmbeddedDatabase db = new EmbeddedDatabase(postgres, dataDir);
    db.createDatabaseAndRoleIfMissing();
    return db;
  }

  /** The JDBC URL of the {@value #DATABASE} database, without a user. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  private void createDatabaseAndRoleIfMissing() throws IOException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      boolean exists;
      try (ResultSet r =
          s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
        exists = r.next();
      }
      if (!exists) {
        s.execute("create database " + DATABASE);
      }
      try (ResultSet r =
          s.executeQuery("select 1 from pg_roles where rolname = '" + APP_ROLE + "'")) {
        exists = r.next();
      }
      if (!exists) {
        s.execute("create role " + APP_ROLE + " login");
      }
    } catch (SQLException e) {
      throw new IOException("cannot create the " + DATABASE + " database", e);
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }

  /** Another process (a launcher already running) holds the embedded database's directory. */
  public static final class DataDirectoryInUse extends IOException {
    private static final long serialVersionUID = 1L;

    DataDirectoryInUse(Path dataDir) {
      super(
          "The data directory "
              + dataDir.getParent()
              + " is in use by another running Mainspring; stop it first, or give this one its own"
              + " directory with MAINSPRING_DATA_DIR (and its own PORT)");
    }
  }
}
