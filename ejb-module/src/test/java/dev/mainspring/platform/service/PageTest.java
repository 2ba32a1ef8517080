package dev.mainspring.platform.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mainspring.platform.model.Slice;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageTest {

  @Test
  void lastSliceGivesAPageWithoutNextCursor() {
    Page<String> page = Page.of(new Slice<>(List.of(1, 2), null), String::valueOf);

    assertEquals(List.of("1", "2"), page.items());
    assertNull(page.nextCursor());
  }

  @Test
  void nextCursorContinuesAfterTheSlicesLastItem() {
    UUID last = UUID.randomUUID();

    Page<UUID> page = Page.of(new Slice<>(List.of(last), last), id -> id);

    assertEquals(last, new PageRequest(page.nextCursor(), 20).after());
  }
}
