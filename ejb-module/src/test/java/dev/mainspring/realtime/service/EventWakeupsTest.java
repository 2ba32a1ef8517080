package dev.mainspring.realtime.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listener registry and the dispatch of notification payloads, without a database. */
class EventWakeupsTest {

  private final EventWakeups wakeups = new EventWakeups();

  @Test
  void aNotificationWakesEveryListenerOfItsStreamAndNoOther() {
    List<String> heard = new ArrayList<>();
    wakeups.subscribe("run:a", (s, q) -> heard.add("1 " + s + " " + q));
    wakeups.subscribe("run:a", (s, q) -> heard.add("2 " + s + " " + q));
    wakeups.subscribe("run:b", (s, q) -> heard.add("3 " + s + " " + q));
    wakeups.dispatch("run:a 7");
    assertEquals(List.of("1 run:a 7", "2 run:a 7"), heard);
  }

  @Test
  void closingASubscriptionRemovesThatListenerOnlyAndTheStreamWithItsLast() {
    List<String> heard = new ArrayList<>();
    EventWakeups.Subscription first = wakeups.subscribe("thread:x", (s, q) -> heard.add("first"));
    EventWakeups.Subscription second = wakeups.subscribe("thread:x", (s, q) -> heard.add("second"));
    first.close();
    first.close(); // idempotent
    wakeups.dispatch("thread:x 1");
    assertEquals(List.of("second"), heard);
    assertEquals(1, wakeups.streams());
    second.close();
    assertEquals(0, wakeups.streams());
  }

  @Test
  void tenThousandStreamsRegisterAndLeave() {
    List<EventWakeups.Subscription> all = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      all.add(wakeups.subscribe("run:" + i, (s, q) -> {}));
    }
    assertEquals(10_000, wakeups.streams());
    all.forEach(EventWakeups.Subscription::close);
    assertEquals(0, wakeups.streams());
  }

  @Test
  void afterAReconnectEveryListenerIsWokenWithAnySequence() {
    List<Long> heard = new ArrayList<>();
    wakeups.subscribe("run:a", (s, q) -> heard.add(q));
    wakeups.subscribe("run:b", (s, q) -> heard.add(q));
    wakeups.wakeEveryone();
    assertEquals(List.of(EventWakeups.ANY_SEQUENCE, EventWakeups.ANY_SEQUENCE), heard);
  }

  @Test
  void malformedPayloadsWakeNobodyOrWakeWithAnySequence() {
    List<Long> heard = new ArrayList<>();
    wakeups.subscribe("run:a", (s, q) -> heard.add(q));
    wakeups.dispatch("run:a");
    wakeups.dispatch("run:a x");
    assertEquals(List.of(EventWakeups.ANY_SEQUENCE), heard);
  }

  @Test
  void aStreamNameWithWhitespaceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> wakeups.subscribe("run: a", (s, q) -> {}));
  }
}
