package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuotaResetJobTest {

  @Test
  void attemptsInOneScheduleIntervalShareItsPeriodKey() {
    assertEquals(
        "2026-12-06T23:15:00Z",
        QuotaResetJob.periodKey(Instant.parse("2026-12-06T23:15:00Z"), 300));
    assertEquals(
        "2026-12-06T23:15:00Z",
        QuotaResetJob.periodKey(Instant.parse("2026-12-06T23:19:59.999Z"), 300));
    assertEquals(
        "2026-12-06T23:20:00Z",
        QuotaResetJob.periodKey(Instant.parse("2026-12-06T23:20:00Z"), 300));
  }

  @Test
  void anIntervalOfADayStartsAtMidnightUtc() {
    assertEquals(
        "2026-12-06T00:00:00Z",
        QuotaResetJob.periodKey(Instant.parse("2026-12-06T23:59:59Z"), 86_400));
  }
}
