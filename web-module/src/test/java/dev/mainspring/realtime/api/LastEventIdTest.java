package dev.mainspring.realtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.realtime.service.StoredEvent;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LastEventIdTest {

  @Test
  void noValueStartsFromTheBeginning() {
    assertEquals(0, LastEventId.parse(null, null));
    assertEquals(0, LastEventId.parse(" ", ""));
  }

  @Test
  void theHeaderWinsOverTheQuery() {
    assertEquals(7, LastEventId.parse("7", "3"));
    assertEquals(3, LastEventId.parse(null, " 3 "));
  }

  @Test
  void negativeOrNonNumericValuesAreRefused() {
    InvalidRequestException e =
        assertThrows(InvalidRequestException.class, () -> LastEventId.parse("-1", null));
    assertEquals("invalid_last_event_id", e.code());
    assertThrows(InvalidRequestException.class, () -> LastEventId.parse(null, "abc"));
    assertThrows(InvalidRequestException.class, () -> LastEventId.parse("1.5", null));
  }

  @Test
  void theStandardFrameCarriesSequenceTypeAndDataOnOneLineEach() {
    StoredEvent e =
        new StoredEvent(
            1,
            UUID.randomUUID(),
            "thread:x",
            42,
            "message.created",
            Json.createObjectBuilder().add("text", "a\nb").build(),
            Instant.EPOCH);
    assertEquals(
        "id: 42\nevent: message.created\ndata: {\"text\":\"a\\nb\"}\n\n",
        RelayRequest.standardFrame(e));
  }

  @Test
  void aRelayRequestDefaultsToAnEndlessStreamWithACommentHeartbeat() {
    RelayRequest r =
        RelayRequest.of(UUID.randomUUID(), "run:1", 0, RelayRequest::standardFrame, null);
    assertEquals(Duration.ofSeconds(15), r.heartbeat());
    assertEquals(RelayRequest.COMMENT_HEARTBEAT, r.heartbeatFrame());
    assertEquals(false, r.terminal().test(null));
    RelayRequest ending = r.endingWith(e -> true, "event: END_STREAM\ndata: {}\n\n");
    assertEquals(true, ending.terminal().test(null));
    assertEquals("event: END_STREAM\ndata: {}\n\n", ending.closingFrame());
    assertThrows(
        IllegalArgumentException.class,
        () -> RelayRequest.of(UUID.randomUUID(), "run:1", -1, RelayRequest::standardFrame, null));
  }
}
