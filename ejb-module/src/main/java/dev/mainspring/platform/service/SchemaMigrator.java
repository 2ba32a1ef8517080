package dev.mainspring.platform.service;

import dev.mainspring.platform.model.SchemaMigrations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brings the schema up to date before the application serves anything, as the schema owner ({@code
 * jdbc/mainspring-owner}), granting data access to the application role ({@code
 * mainspring.db.app-role}, else {@code DB_USER}). Runs outside a JTA transaction: Flyway manages
 * its own transactions and its advisory lock on the connection.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrator {

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

  @Resource(lookup = "jdbc/mainspring-owner")
  private DataSource ownerDataSource;

  @Inject
  @ConfigProperty(name = "mainspring.db.app-role")
  Optional<String> appRole;

  @Inject
  @ConfigProperty(name = "DB_USER")
  Optional<String> dbUser;

  @PostConstruct
  void migrate() {
    String role = appRole.or(() -> dbUser).orElse("");
    var result = SchemaMigrations.flyway(ownerDataSource, role).migrate();
    // Flyway names a target version only when it applied something; otherwise the schema stayed
    // at the version it found.
    String version =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion;
    LOG.info(
        () ->
            "Schema at version "
                + version
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  /** The schema's state now, for health checks. */
  public SchemaMigrations.State state() {
    return SchemaMigrations.state(ownerDataSource);
  }
}
