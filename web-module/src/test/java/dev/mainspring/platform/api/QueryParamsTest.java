package dev.mainspring.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.service.PageRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParamsTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = "  ")
  void absentLimitMeansTheDefault(String limit) {
    assertEquals(PageRequest.DEFAULT_LIMIT, QueryParams.page(limit, null).limit());
  }

  @Test
  void limitAndCursorAreTakenAsGiven() {
    PageRequest page = QueryParams.page(" 50 ", "abc");

    assertEquals(50, page.limit());
    assertEquals("abc", page.cursor());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ten", "1.5", "20abc", "99999999999"})
  void limitThatIsNotAWholeNumberIsInvalidLimit(String limit) {
    var e = assertThrows(InvalidRequestException.class, () -> QueryParams.page(limit, null));

    assertEquals("invalid_limit", e.code());
    assertEquals("limit must be a whole number", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "101"})
  void limitOutOfBoundsIsInvalidLimit(String limit) {
    var e = assertThrows(InvalidRequestException.class, () -> QueryParams.page(limit, null));

    assertEquals("invalid_limit", e.code());
  }

  @Test
  void uuidParameterIsParsed() {
    UUID id = UUID.randomUUID();

    assertEquals(id, QueryParams.uuid("project_id", " " + id + " "));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void absentUuidParameterIsNull(String value) {
    assertNull(QueryParams.uuid("project_id", value));
  }

  @Test
  void malformedUuidIsInvalidAndNamesTheParameter() {
    var e =
        assertThrows(
            InvalidRequestException.class, () -> QueryParams.uuid("project_id", "not-a-uuid"));

    assertEquals("invalid_project_id", e.code());
    assertEquals("project_id must be a UUID", e.getMessage());
    assertEquals(400, e.status());
  }
}
