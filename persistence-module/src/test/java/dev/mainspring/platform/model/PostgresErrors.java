package dev.mainspring.platform.model;

import jakarta.persistence.PersistenceException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Failures shaped as the server sees them: the PostgreSQL driver's exception, carrying the server's
 * error fields, inside the JPA provider's wrapping (EclipseLink puts its DatabaseException between
 * the two; any RuntimeException stands in for it here).
 */
final class PostgresErrors {

  private PostgresErrors() {}

  /** What a flush throws when PostgreSQL reports {@code sqlState} on {@code constraint}. */
  static PersistenceException flushFailure(String sqlState, String constraint) {
    return new PersistenceException(
        "Exception [EclipseLink-4002]",
        new RuntimeException("Internal Exception", driverException(sqlState, constraint)));
  }

  /** The driver's exception for an error of {@code sqlState} on {@code constraint} (or none). */
  static PSQLException driverException(String sqlState, String constraint) {
    StringBuilder fields = new StringBuilder();
    fields.append('S').append("ERROR").append('\0');
    fields.append('C').append(sqlState).append('\0');
    fields.append('M').append("the server's sentence, in the server's language").append('\0');
    if (constraint != null) {
      fields.append('n').append(constraint).append('\0');
    }
    return new PSQLException(new ServerErrorMessage(fields.toString()));
  }
}
