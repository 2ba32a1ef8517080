package dev.mainspring.billing.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BalancesTest {

  @Test
  void availableIsCreditsAndPromotionalLessHolds() {
    Balances balances = new Balances(1_000, 250, 400);

    assertEquals(1_250, balances.total());
    assertEquals(850, balances.available());
  }
}
