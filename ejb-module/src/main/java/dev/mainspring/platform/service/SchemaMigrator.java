package dev.mainspring.platform.service;

import dev.mainspring.platform.model.SchemaMigrations;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Brings the schema up to date before the application serves anything. Runs outside a JTA
 * transaction: Flyway manages its own transactions and its advisory lock on the connection.
 */
@Startup
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrator {

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

  @Resource(lookup = "jdbc/mainspring")
  private DataSource dataSource;

  @PostConstruct
  void migrate() {
    var result = SchemaMigrations.flyway(dataSource).migrate();
    LOG.info(
        () ->
            "Schema at version "
                + result.targetSchemaVersion
                + " ("
                + result.migrationsExecuted
                + " migrations applied now)");
  }

  /** The schema's state now, for health checks. */
  public SchemaMigrations.State state() {
    return SchemaMigrations.state(dataSource);
  }
}
