package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a call refused for credits tells its caller. */
class InsufficientCreditsExceptionTest {

  @Test
  void aRefusalSaysWhatTheCallMayCostAndWhatTheOrganizationHas() {
    InsufficientCreditsException refused = new InsufficientCreditsException(120, 45);
    assertEquals(402, refused.status());
    assertEquals("insufficient_credits", refused.code());
    assertEquals(
        "this call may cost up to 120 micro-credits and the organization has 45 available",
        refused.getMessage());
  }

  @Test
  void anOverdrawnBalanceIsShownAsNothingAvailable() {
    assertEquals(
        "this call may cost up to 120 micro-credits and the organization has 0 available",
        new InsufficientCreditsException(120, -30).getMessage());
  }

  @Test
  void aMembersRefusalAlsoSaysWhatTheirAllowanceHad() {
    InsufficientCreditsException refused =
        new InsufficientCreditsException(120, 45).withMemberAllowance(7);
    assertEquals(402, refused.status());
    assertEquals("insufficient_credits", refused.code());
    assertEquals(
        "this call may cost up to 120 micro-credits and the organization has 45 available,"
            + " your member allowance 7",
        refused.getMessage());
  }
}
