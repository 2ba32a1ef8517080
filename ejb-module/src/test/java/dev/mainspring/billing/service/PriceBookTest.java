package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mainspring.billing.model.ModelPrice;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PriceBookTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-02-01T00:00:00Z");

  private static ModelPrice price(String model, long prompt, Instant from) {
    return new ModelPrice(UUID.randomUUID(), model, prompt, 0, null, from, null, from);
  }

  @Test
  void usageIsPricedByTheVersionInForceAtItsTime() {
    ModelPrice first = price("m", 1, T0);
    ModelPrice second = price("m", 2, T1);
    PriceBook book = new PriceBook(List.of(second, first)); // any order in

    assertEquals(first, book.at("m", T0).orElseThrow());
    assertEquals(first, book.at("m", T1.minusMillis(1)).orElseThrow());
    assertEquals(second, book.at("m", T1).orElseThrow());
    assertEquals(second, book.at("m", T1.plusSeconds(86_400 * 365)).orElseThrow());
  }

  @Test
  void beforeTheFirstVersionAndForUnpricedModelsThereIsNoPrice() {
    PriceBook book = new PriceBook(List.of(price("m", 1, T1)));

    assertTrue(book.at("m", T0).isEmpty());
    assertTrue(book.at("other", T1).isEmpty());
    assertTrue(book.at(null, T1).isEmpty());
  }

  @Test
  void modelsDoNotShareVersions() {
    PriceBook book = new PriceBook(List.of(price("a", 1, T0), price("b", 7, T1)));

    assertEquals(1, book.at("a", T1).orElseThrow().promptPerMillion());
    assertTrue(book.at("b", T0).isEmpty());
  }
}
