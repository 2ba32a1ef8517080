package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

  // The example of the Standard Webhooks specification.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long AT = 1614265330;
  private static final String PAYLOAD = "{\"test\": 2432232314}";
  private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void theSpecificationsExampleSignsAndVerifies() {
    assertEquals(SIGNATURE, StandardWebhooks.signature(SECRET, ID, AT, PAYLOAD));
    assertDoesNotThrow(
        () -> StandardWebhooks.verify(SECRET, ID, Long.toString(AT), SIGNATURE, PAYLOAD, AT));
  }

  @Test
  void anyOfSeveralSignaturesMayVerify() {
    assertDoesNotThrow(
        () ->
            StandardWebhooks.verify(
                SECRET, ID, Long.toString(AT), "v1,bm90IGl0 v2,x " + SIGNATURE, PAYLOAD, AT));
  }

  @Test
  void aTamperedBodyAnotherIdOrAnotherSecretIsRefused() {
    assertRefused(() -> StandardWebhooks.verify(SECRET, ID, "" + AT, SIGNATURE, "{}", AT));
    assertRefused(
        () -> StandardWebhooks.verify(SECRET, "msg_other", "" + AT, SIGNATURE, PAYLOAD, AT));
    assertRefused(
        () -> StandardWebhooks.verify("polar_whs_other", ID, "" + AT, SIGNATURE, PAYLOAD, AT));
    assertRefused(() -> StandardWebhooks.verify(SECRET, ID, "" + AT, "v1,%%%", PAYLOAD, AT));
  }

  @Test
  void aTimestampMoreThanFiveMinutesAwayIsRefusedEitherWay() {
    String at = Long.toString(AT);
    assertDoesNotThrow(() -> StandardWebhooks.verify(SECRET, ID, at, SIGNATURE, PAYLOAD, AT + 300));
    assertRefused(() -> StandardWebhooks.verify(SECRET, ID, at, SIGNATURE, PAYLOAD, AT + 301));
    assertRefused(() -> StandardWebhooks.verify(SECRET, ID, at, SIGNATURE, PAYLOAD, AT - 301));
    assertRefused(() -> StandardWebhooks.verify(SECRET, ID, "soon", SIGNATURE, PAYLOAD, AT));
  }

  @Test
  void missingHeadersAreRefused() {
    assertRefused(() -> StandardWebhooks.verify(SECRET, null, "" + AT, SIGNATURE, PAYLOAD, AT));
    assertRefused(() -> StandardWebhooks.verify(SECRET, ID, null, SIGNATURE, PAYLOAD, AT));
    assertRefused(() -> StandardWebhooks.verify(SECRET, ID, "" + AT, null, PAYLOAD, AT));
  }

  @Test
  void aSecretWithoutThePrefixIsTheKeysOwnBytes() {
    String polar = "polar_whs_abc";
    String signed = StandardWebhooks.signature(polar, ID, AT, PAYLOAD);
    assertDoesNotThrow(() -> StandardWebhooks.verify(polar, ID, "" + AT, signed, PAYLOAD, AT));
  }

  private static void assertRefused(Runnable verify) {
    PaymentProviderException refused = assertThrows(PaymentProviderException.class, verify::run);
    assertEquals("invalid_signature", refused.code());
    assertEquals(400, refused.status());
  }
}
