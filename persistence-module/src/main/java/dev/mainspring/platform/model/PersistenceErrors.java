package dev.mainspring.platform.model;

import dev.mainspring.platform.error.ConflictException;
import dev.mainspring.platform.error.MainspringException;
import dev.mainspring.platform.error.NotFoundException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.util.function.Function;

/**
 * Translates persistence exceptions into domain errors at the repository edge (the idea of
 * Keycloak's {@code PersistenceExceptionConverter}). Repositories write through {@link #flush}, so
 * a violated constraint is reported inside the service's method, as a {@link MainspringException}
 * with a stable code, and never as a failed commit after the service returned (which would reach
 * the client as a 500).
 *
 * <p>The rules are the repository's: it names the constraints of its tables and the error each
 * stands for, the same error its service's own check throws (a client that lost the race and one
 * that came second read the same answer). A violation no rule names gets a generic answer: 409
 * {@code already_exists}, 404 {@code reference_not_found}, or 409 {@code <kind>_in_use}.
 */
public final class PersistenceErrors {

  private PersistenceErrors() {}

  /**
   * Writes the pending changes of {@code em} now. {@code removing} says that the last change was a
   * removal (see {@link IntegrityViolation#in}); {@code rules} turns a violation into the domain
   * error it stands for, or null for the generic one.
   */
  public static void flush(
      EntityManager em,
      String kind,
      boolean removing,
      Function<IntegrityViolation, ? extends MainspringException> rules) {
    try {
      em.flush();
    } catch (PersistenceException e) {
      throw translate(e, kind, removing, rules);
    }
  }

  /**
   * The domain error {@code failure} stands for: a lost optimistic lock is 409 {@code
   * concurrent_modification}, a constraint violation what {@code rules} make of it; anything else
   * is returned as it is (an unexpected failure, a 500).
   */
  public static RuntimeException translate(
      PersistenceException failure,
      String kind,
      boolean removing,
      Function<IntegrityViolation, ? extends MainspringException> rules) {
    if (failure instanceof OptimisticLockException) {
      return concurrentModification(kind);
    }
    return IntegrityViolation.in(failure, removing)
        .<RuntimeException>map(
            violation -> {
              MainspringException specific = rules.apply(violation);
              return specific != null ? specific : generic(violation, kind);
            })
        .orElse(failure);
  }

  /** The answer to a violation no repository rule names. */
  public static MainspringException generic(IntegrityViolation violation, String kind) {
    String what = kind.replace('_', ' ');
    return switch (violation.kind()) {
      case DUPLICATE ->
          new ConflictException(
              "already_exists", "a " + what + " with these values exists already");
      case MISSING_REFERENCE ->
          new NotFoundException(
              "reference_not_found", "something the " + what + " refers to does not exist");
      case STILL_REFERENCED ->
          new ConflictException(kind + "_in_use", "the " + what + " is still in use");
    };
  }

  /** 409 {@code concurrent_modification}: another request changed the same row first. */
  public static ConflictException concurrentModification(String kind) {
    return new ConflictException(
        "concurrent_modification",
        kind.replace('_', ' ') + " was changed by another request; read it again");
  }
}
