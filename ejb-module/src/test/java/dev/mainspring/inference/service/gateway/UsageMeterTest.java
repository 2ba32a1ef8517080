package dev.mainspring.inference.service.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class UsageMeterTest {

  @Test
  void aLostConnectionIsWaitedOutAndARefusalIsNot() {
    assertTrue(UsageMeter.unreachable(wrapped(new SQLException("gone", "08006"))));
    assertTrue(UsageMeter.unreachable(wrapped(new SQLException("too many", "53300"))));
    assertTrue(UsageMeter.unreachable(wrapped(new SQLException("shutting down", "57P01"))));
    assertFalse(UsageMeter.unreachable(wrapped(new SQLException("denied", "42501"))));
    assertFalse(UsageMeter.unreachable(wrapped(new SQLException("duplicate", "23505"))));
    assertFalse(UsageMeter.unreachable(new IllegalStateException("no database involved")));
  }

  /** As the writer's failure reaches the meter: inside the EJB container's exception. */
  private static RuntimeException wrapped(SQLException cause) {
    return new EJBException(new UsageWriter.UsageWriteException(cause));
  }
}
