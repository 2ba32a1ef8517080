package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconciliationJobTest {

  @Test
  void anOnDemandKeyNamesTheLastRunThatEndedAndFitsThePeriodColumn() {
    UUID last = UUID.fromString("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    assertEquals("after:" + last, ReconciliationJob.onDemandKey(last));
    assertEquals("after:none", ReconciliationJob.onDemandKey(null));
    assertTrue(ReconciliationJob.onDemandKey(last).length() <= 64); // period_key varchar(64)
    assertTrue(ReconciliationJob.ON_DEMAND.length() <= 36); // scope varchar(36)
  }
}
