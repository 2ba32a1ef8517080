package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitStatusTest {

  @Test
  void aWindowStartsAtTheMinuteItIsIn() {
    assertEquals(
        Instant.parse("2026-12-06T23:14:00Z"),
        RateLimitStatus.windowStart(Instant.parse("2026-12-06T23:14:59.999Z")));
    assertEquals(
        Instant.parse("2026-12-06T23:15:00Z"),
        RateLimitStatus.windowStart(Instant.parse("2026-12-06T23:15:00Z")));
  }

  @Test
  void secondsToResetRoundUpAndStayWithinOneWindow() {
    Instant start = Instant.parse("2026-12-06T23:14:00Z");
    assertEquals(60, RateLimitStatus.secondsToReset(start, start));
    assertEquals(37, RateLimitStatus.secondsToReset(start, start.plusMillis(23_500)));
    assertEquals(1, RateLimitStatus.secondsToReset(start, start.plusMillis(59_999)));
    assertEquals(1, RateLimitStatus.secondsToReset(start, start.plusSeconds(75)));
    // A window stored by an instance whose clock is ahead is never more than a window away.
    assertEquals(60, RateLimitStatus.secondsToReset(start.plusSeconds(60), start));
  }

  @Test
  void remainingCountsDownToZeroAndAFullWindowHasNoneLeft() {
    Instant start = Instant.parse("2026-12-06T23:14:00Z");
    Instant now = start.plusSeconds(10);
    assertEquals(2, RateLimitStatus.of(3, 1, start, now).remaining());
    assertEquals(0, RateLimitStatus.of(3, 3, start, now).remaining());
    assertEquals(0, RateLimitStatus.of(3, null, start, now).remaining());
    assertEquals(50, RateLimitStatus.of(3, null, start, now).resetSeconds());
  }

  @Test
  void headerFieldsFollowTheIetfDraft() {
    RateLimitStatus status = new RateLimitStatus(60, 12, 37);
    assertEquals("\"default\";q=60;w=60", status.policy());
    assertEquals("\"default\";r=12;t=37", status.rateLimit());
    assertEquals(List.of("RateLimit-Policy", "RateLimit"), List.copyOf(status.headers().keySet()));
  }

  @Test
  void aLimitedAnswerSaysWhenToRetryBesideTheRateLimitFields() {
    Map<String, String> headers = new RateLimitedException(new RateLimitStatus(5, 0, 42)).headers();
    assertEquals("42", headers.get("Retry-After"));
    assertEquals("\"default\";q=5;w=60", headers.get("RateLimit-Policy"));
    assertEquals("\"default\";r=0;t=42", headers.get("RateLimit"));
    assertEquals(429, new RateLimitedException(new RateLimitStatus(5, 0, 42)).status());
  }

  @Test
  void anExceededQuotaNamesWhenItResets() {
    Instant end = Instant.parse("2027-01-01T00:00:00Z");
    QuotaExceededException e = new QuotaExceededException(100, end);
    assertEquals("quota_exceeded", e.code());
    assertEquals(429, e.status());
    assertEquals(Map.of("resets_at", "2027-01-01T00:00:00Z"), e.details());
  }
}
