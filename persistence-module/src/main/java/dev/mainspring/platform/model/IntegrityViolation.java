package dev.mainspring.platform.model;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * A unique or foreign-key violation PostgreSQL reported, named by its constraint, so that a
 * repository can answer with the domain error the service's own check would have given: of two
 * requests that race to create the same thing, the loser learns it the same way as a request that
 * came second.
 *
 * <pre>{@code
 * IntegrityViolation.in(persistenceException, false)
 *     .filter(v -> v.is(Kind.DUPLICATE, "users_email_idx"))
 *     .map(v -> emailTaken());
 * }</pre>
 *
 * The constraint's name comes from the PostgreSQL driver's server error message (read reflectively:
 * the driver lives in the server's class path, not the application's), never from the message text,
 * which depends on the server's language.
 *
 * @param kind what the statement broke
 * @param constraint the constraint's (or unique index's) name, or null when the driver did not say
 */
public record IntegrityViolation(Kind kind, String constraint) {

  /** SQLState of a unique violation. */
  public static final String UNIQUE_VIOLATION = "23505";

  /** SQLState of a foreign-key violation. */
  public static final String FOREIGN_KEY_VIOLATION = "23503";

  public enum Kind {
    /** A unique constraint or index already holds the value. */
    DUPLICATE,
    /** A row refers to one that does not exist (any more). */
    MISSING_REFERENCE,
    /** A row that others still refer to was to be deleted. */
    STILL_REFERENCED
  }

  /** Whether this is a violation of {@code kind} on the constraint {@code name}. */
  public boolean is(Kind kind, String name) {
    return this.kind == kind && name.equals(constraint);
  }

  /**
   * The unique or foreign-key violation behind {@code failure}, if there is one. A foreign-key
   * violation is {@link Kind#STILL_REFERENCED} when the statements flushed were {@code removing}
   * rows, {@link Kind#MISSING_REFERENCE} otherwise: a delete cannot leave a reference dangling the
   * other way, and an insert or update cannot orphan another row.
   */
  public static Optional<IntegrityViolation> in(Throwable failure, boolean removing) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        Optional<IntegrityViolation> found = inChain(sql, removing, seen);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** The violation in {@code first} or one of its next exceptions (a batch reports it there). */
  private static Optional<IntegrityViolation> inChain(
      SQLException first, boolean removing, Set<Throwable> seen) {
    for (SQLException e = first; e != null; e = e.getNextException()) {
      if (e != first && !seen.add(e)) {
        break;
      }
      String state = e.getSQLState();
      if (UNIQUE_VIOLATION.equals(state)) {
        return Optional.of(new IntegrityViolation(Kind.DUPLICATE, constraintOf(e)));
      }
      if (FOREIGN_KEY_VIOLATION.equals(state)) {
        Kind kind = removing ? Kind.STILL_REFERENCED : Kind.MISSING_REFERENCE;
        return Optional.of(new IntegrityViolation(kind, constraintOf(e)));
      }
    }
    return Optional.empty();
  }

  /** {@code e.getServerErrorMessage().getConstraint()} of the PostgreSQL driver, or null. */
  static String constraintOf(SQLException e) {
    try {
      Method serverMessage = e.getClass().getMethod("getServerErrorMessage");
      Object message = serverMessage.invoke(e);
      if (message == null) {
        return null;
      }
      Object name = message.getClass().getMethod("getConstraint").invoke(message);
      return name instanceof String s ? s : null;
    } catch (ReflectiveOperationException | RuntimeException notThePostgresDriver) {
      return null;
    }
  }
}
