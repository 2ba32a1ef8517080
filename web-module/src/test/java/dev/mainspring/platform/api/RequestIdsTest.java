package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "req-42", "trace:01J0.span_7", "0f8fad5b-d9cb-469f-a165-70867728950e"})
  void wellFormedClientIdIsKept(String fromClient) {
    assertEquals(fromClient, RequestIds.accept(fromClient));
  }

  @Test
  void idOf128CharactersIsKept() {
    String longest = "a".repeat(128);

    assertEquals(longest, RequestIds.accept(longest));
  }

  @Test
  void tooLongIdIsReplacedByAUuid() {
    String tooLong = "a".repeat(129);

    String accepted = RequestIds.accept(tooLong);

    assertNotEquals(tooLong, accepted);
    assertDoesNotThrow(() -> UUID.fromString(accepted));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"has space", "line\nX-Injected: 1", "<script>", "naïve", "a/b"})
  void missingOrBadIdIsReplacedByAUuid(String fromClient) {
    String accepted = RequestIds.accept(fromClient);

    assertNotEquals(fromClient, accepted);
    assertDoesNotThrow(() -> UUID.fromString(accepted));
  }

  @Test
  void eachMadeIdIsNew() {
    assertNotEquals(RequestIds.accept(null), RequestIds.accept(null));
  }

  @Test
  void boundIdIsCurrentUntilUnbound() {
    RequestIds.bind("req-1");
    try {
      assertEquals("req-1", RequestIds.current());
    } finally {
      RequestIds.unbind();
    }

    assertNull(RequestIds.current());
  }
}
