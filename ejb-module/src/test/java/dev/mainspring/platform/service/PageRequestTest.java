package dev.mainspring.platform.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

  @Test
  void cursorLeadsBackToTheIdItWasMadeFrom() {
    UUID id = UUID.randomUUID();

    String cursor = PageRequest.cursorAfter(id);

    assertEquals(id, new PageRequest(cursor, 20).after());
  }

  @Test
  void cursorIsSafeInAQueryString() {
    for (int i = 0; i < 50; i++) {
      String cursor = PageRequest.cursorAfter(UUID.randomUUID());

      assertFalse(cursor.matches(".*[+/=].*"), cursor);
    }
  }

  @Test
  void nothingAfterTheLastPageMeansNoCursor() {
    assertNull(PageRequest.cursorAfter(null));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void noCursorMeansTheFirstPage(String cursor) {
    assertNull(new PageRequest(cursor, 20).after());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a cursor!", "%%%", "aGVsbG8"})
  void cursorThisApiDidNotMakeIsInvalidCursor(String cursor) {
    PageRequest page = new PageRequest(cursor, 20);

    var e = assertThrows(InvalidRequestException.class, page::after);

    assertEquals("invalid_cursor", e.code());
    assertEquals(400, e.status());
  }

  @Test
  void cursorOfSomethingOtherThanAnIdIsInvalidCursor() {
    String cursor =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("select * from projects".getBytes(StandardCharsets.US_ASCII));

    var e = assertThrows(InvalidRequestException.class, () -> new PageRequest(cursor, 20).after());

    assertEquals("invalid_cursor", e.code());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, PageRequest.DEFAULT_LIMIT, PageRequest.MAX_LIMIT})
  void limitFromOneToTheMaximumIsAccepted(int limit) {
    assertEquals(limit, new PageRequest(null, limit).limit());
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, PageRequest.MAX_LIMIT + 1})
  void limitOutsideOneToTheMaximumIsInvalidLimit(int limit) {
    var e = assertThrows(InvalidRequestException.class, () -> new PageRequest(null, limit));

    assertEquals("invalid_limit", e.code());
  }

  @Test
  void positionCursorsRoundTripAndOthersAreInvalidCursor() {
    assertEquals(42L, new PageRequest(PageRequest.cursorAfterPosition(42), 20).positionAfter());
    assertNull(new PageRequest(null, 20).positionAfter());
    String idCursor = PageRequest.cursorAfter(UUID.randomUUID());
    for (String foreign :
        List.of(idCursor, "bm9wZQ", "%%%", PageRequest.cursorAfterPosition(1) + "x")) {
      var e =
          assertThrows(
              InvalidRequestException.class, () -> new PageRequest(foreign, 20).positionAfter());
      assertEquals("invalid_cursor", e.code(), foreign);
    }
  }
}
