package dev.mainspring.platform.model;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The Flyway setup of the schema, kept beside the migrations it runs (db/migration in this jar).
 * Flyway takes a PostgreSQL advisory lock while it migrates, so instances starting together apply
 * each migration once and the others wait for it.
 */
public final class SchemaMigrations {

  private SchemaMigrations() {}

  /**
   * A Flyway that reads this jar's migrations through this jar's class loader.
   *
   * @param ownerDataSource connections as the schema owner
   * @param appRole the role the application's queries run as, or empty
   */
  public static Flyway flyway(DataSource ownerDataSource, String appRole) {
    return Flyway.configure(SchemaMigrations.class.getClassLoader())
        .dataSource(ownerDataSource)
        .locations("classpath:db/migration")
        .placeholders(Map.of("appRole", appRole == null ? "" : appRole))
        .validateMigrationNaming(true)
        .load();
  }

  /** The state of the schema: applied version and how many migrations are pending. */
  public static State state(DataSource ownerDataSource) {
    var info = flyway(ownerDataSource, "").info();
    MigrationInfo current = info.current();
    return new State(
        current == null ? null : current.getVersion().getVersion(), info.pending().length);
  }

  /**
   * @param version the applied schema version, or null on an empty database
   * @param pending migrations in this build that the database has not applied
   */
  public record State(String version, int pending) {}
}
