package dev.mainspring.platform.model;

import static dev.mainspring.platform.model.PostgresErrors.driverException;
import static dev.mainspring.platform.model.PostgresErrors.flushFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.platform.model.IntegrityViolation.Kind;
import jakarta.persistence.PersistenceException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class IntegrityViolationTest {

  @Test
  void uniqueViolationIsADuplicateOfItsConstraint() {
    IntegrityViolation found =
        IntegrityViolation.in(flushFailure("23505", "users_email_idx"), false).orElseThrow();

    assertEquals(new IntegrityViolation(Kind.DUPLICATE, "users_email_idx"), found);
    assertTrue(found.is(Kind.DUPLICATE, "users_email_idx"));
    assertFalse(found.is(Kind.DUPLICATE, "organizations_slug_key"));
  }

  @Test
  void foreignKeyViolationWhileSavingIsAMissingReference() {
    IntegrityViolation found =
        IntegrityViolation.in(flushFailure("23503", "threads_project_id_fkey"), false)
            .orElseThrow();

    assertEquals(new IntegrityViolation(Kind.MISSING_REFERENCE, "threads_project_id_fkey"), found);
  }

  @Test
  void foreignKeyViolationWhileRemovingIsStillReferenced() {
    IntegrityViolation found =
        IntegrityViolation.in(flushFailure("23503", "managed_models_provider_id_fkey"), true)
            .orElseThrow();

    assertEquals(
        new IntegrityViolation(Kind.STILL_REFERENCED, "managed_models_provider_id_fkey"), found);
  }

  @Test
  void otherDatabaseErrorsAreNoViolation() {
    assertTrue(IntegrityViolation.in(flushFailure("40001", null), false).isEmpty());
    assertTrue(IntegrityViolation.in(flushFailure("23502", "not_null"), false).isEmpty());
    assertTrue(IntegrityViolation.in(new PersistenceException("no SQL at all"), false).isEmpty());
  }

  @Test
  void violationReportedAsTheNextExceptionOfABatchIsFound() {
    BatchUpdateException batch = new BatchUpdateException("batch failed", new int[0]);
    batch.setNextException(driverException("23505", "provider_instances_slug_key"));

    IntegrityViolation found =
        IntegrityViolation.in(new PersistenceException(batch), false).orElseThrow();

    assertTrue(found.is(Kind.DUPLICATE, "provider_instances_slug_key"));
  }

  @Test
  void violationOfAnotherDriverHasNoConstraintName() {
    SQLException plain = new SQLException("duplicate", "23505");

    IntegrityViolation found =
        IntegrityViolation.in(new PersistenceException(plain), false).orElseThrow();

    assertEquals(Kind.DUPLICATE, found.kind());
    assertNull(found.constraint());
  }

  @Test
  void causeCycleEnds() {
    RuntimeException first = new RuntimeException("first");
    RuntimeException second = new RuntimeException("second", first);
    first.initCause(second);

    assertTrue(IntegrityViolation.in(first, false).isEmpty());
  }
}
