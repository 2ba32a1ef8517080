package dev.mainspring.platform.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SliceTest {

  record Row(UUID id, String name) {}

  private static List<Row> rows(int count) {
    return IntStream.range(0, count).mapToObj(i -> new Row(UUID.randomUUID(), "row " + i)).toList();
  }

  @Test
  void fewerRowsThanTheLimitAreTheLastPage() {
    List<Row> rows = rows(2);

    Slice<Row> slice = Slice.of(rows, 3, Row::id);

    assertEquals(rows, slice.items());
    assertNull(slice.nextAfter());
  }

  @Test
  void exactlyLimitRowsAreTheLastPage() {
    List<Row> rows = rows(3);

    Slice<Row> slice = Slice.of(rows, 3, Row::id);

    assertEquals(rows, slice.items());
    assertNull(slice.nextAfter());
  }

  @Test
  void extraRowIsCutAndThePageContinuesAfterItsLastItem() {
    List<Row> rows = rows(4);

    Slice<Row> slice = Slice.of(rows, 3, Row::id);

    assertEquals(rows.subList(0, 3), slice.items());
    assertEquals(rows.get(2).id(), slice.nextAfter());
  }

  @Test
  void noRowsAreAnEmptyLastPage() {
    Slice<Row> slice = Slice.of(List.of(), 20, Row::id);

    assertEquals(List.of(), slice.items());
    assertNull(slice.nextAfter());
  }

  @Test
  void sliceDoesNotChangeWhenTheRowsItWasCutFromDo() {
    List<Row> rows = new ArrayList<>(rows(2));
    Slice<Row> slice = Slice.of(rows, 5, Row::id);

    rows.clear();

    assertEquals(2, slice.items().size());
    assertThrows(UnsupportedOperationException.class, () -> slice.items().add(rows(1).get(0)));
  }
}
