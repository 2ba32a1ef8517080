package dev.mainspring.platform.api;

import static dev.mainspring.platform.api.ProblemResponses.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WithinRequest.class)
class DatabaseRefusalsTest {

  private static Throwable committedWith(String sqlState) {
    SQLException refused = new SQLException("ERROR: the database says no", sqlState);
    return new EJBException(
        "Transaction aborted", new PersistenceException("Exception [EclipseLink-4002]", refused));
  }

  @Test
  void nulRefusedByTheDatabaseIsInvalidText() {
    assertProblem(
        UnexpectedExceptionMapper.unexpected(committedWith("22021")), 400, "invalid_text");
    assertProblem(
        UnexpectedExceptionMapper.unexpected(committedWith("22P05")), 400, "invalid_text");
  }

  @Test
  void valueTooLongOrTooLargeToIndexIsValueTooLong() {
    assertProblem(
        UnexpectedExceptionMapper.unexpected(committedWith("22001")), 400, "value_too_long");
    assertProblem(
        UnexpectedExceptionMapper.unexpected(committedWith("54000")), 400, "value_too_long");
  }

  @Test
  void numberOutOfRangeIsValueOutOfRange() {
    assertProblem(
        UnexpectedExceptionMapper.unexpected(committedWith("22003")), 400, "value_out_of_range");
  }

  @Test
  void otherDatabaseFailuresStayInternalErrors() {
    try (CapturedLog log = CapturedLog.of(UnexpectedExceptionMapper.class)) {
      assertProblem(
          UnexpectedExceptionMapper.unexpected(committedWith("23514")), 500, "internal_error");
      assertProblem(
          UnexpectedExceptionMapper.unexpected(committedWith("08006")), 500, "internal_error");
      assertProblem(
          UnexpectedExceptionMapper.unexpected(new IllegalStateException("bug")),
          500,
          "internal_error");
      assertEquals(3, log.records().size());
    }
  }

  @Test
  void exceptionWithoutSqlStateIsNoRefusal() {
    assertNull(DatabaseRefusals.problemFor(new SQLException("no state")));
  }
}
