package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoverageTest {

  @Test
  void aPricedCallIsCoveredExactlyWhenItsEstimateIsAvailable() {
    assertTrue(new Coverage(3, 3).covered());
    assertTrue(new Coverage(3, 1_000).covered());
    assertFalse(new Coverage(3, 2).covered());
    assertFalse(new Coverage(1, 0).covered());
  }

  @Test
  void anOverdrawnOrganizationCoversNoPricedCall() {
    assertFalse(new Coverage(1, -500).covered());
  }

  @Test
  void aFreeCallIsCoveredWhateverTheBalance() {
    assertTrue(new Coverage(0, 0).covered());
    assertTrue(new Coverage(0, -500).covered());
  }
}
