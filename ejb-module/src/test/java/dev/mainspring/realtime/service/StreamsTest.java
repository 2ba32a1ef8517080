package dev.mainspring.realtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamsTest {

  @Test
  void threadAndRunStreamsAreNamedByKindAndId() {
    UUID id = UUID.fromString("0190f5a4-0000-7000-8000-000000000001");
    assertEquals("thread:" + id, Streams.thread(id));
    assertEquals("run:" + id, Streams.run(id));
    assertEquals(Streams.run(id), Streams.checkName(Streams.run(id)));
  }

  @Test
  void aNameWithWhitespaceIsRefusedBecauseTheNotificationSplitsOnIt() {
    assertThrows(IllegalArgumentException.class, () -> Streams.checkName("run: x"));
    assertThrows(IllegalArgumentException.class, () -> Streams.checkName("run:\tx"));
    assertThrows(IllegalArgumentException.class, () -> Streams.checkName(""));
    assertThrows(
        IllegalArgumentException.class, () -> Streams.checkName("x".repeat(Streams.NAME_MAX + 1)));
  }

  @Test
  void readsAnswerAtLeastOneAndAtMostTheReadLimit() {
    assertEquals(1, Streams.checkLimit(1));
    assertEquals(EventLog.MAX_READ, Streams.checkLimit(EventLog.MAX_READ));
    assertThrows(IllegalArgumentException.class, () -> Streams.checkLimit(0));
    assertThrows(IllegalArgumentException.class, () -> Streams.checkLimit(EventLog.MAX_READ + 1));
  }

  @Test
  void eventTypesAreShortAndNotBlank() {
    assertEquals("message.created", Streams.checkType("message.created"));
    assertThrows(IllegalArgumentException.class, () -> Streams.checkType(" "));
    assertThrows(IllegalArgumentException.class, () -> Streams.checkType(null));
  }
}
