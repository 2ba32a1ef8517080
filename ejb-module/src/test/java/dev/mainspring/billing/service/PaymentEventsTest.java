package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PaymentEventsTest {

  private static final UUID ORG = UUID.fromString("01890000-0000-7000-8000-000000000001");

  private static JsonObject session(String paymentStatus, String credits) {
    return Json.createObjectBuilder()
        .add("id", "cs_test_1")
        .add("payment_status", paymentStatus)
        .add(
            "metadata",
            Json.createObjectBuilder().add("org_id", ORG.toString()).add("credits", credits))
        .build();
  }

  private static PaymentEvent stripe(String type, JsonObject object) {
    return new PaymentEvent("stripe", "evt_1", type, object);
  }

  @Test
  void aCompletedPaidCheckoutCreditsItsOrganizationWhatItsMetadataSays() {
    PaymentEvents.Purchase paid =
        PaymentEvents.purchase(stripe("checkout.session.completed", session("paid", "5000")))
            .orElseThrow();
    assertEquals("stripe:checkout:cs_test_1", paid.key());
    assertEquals(ORG, paid.orgId());
    assertEquals(5000, paid.credits());
  }

  @Test
  void anAsyncPaymentThatSucceededCountsLikeACompletion() {
    assertTrue(
        PaymentEvents.purchase(
                stripe("checkout.session.async_payment_succeeded", session("paid", "1")))
            .isPresent());
  }

  @Test
  void aPaidPolarOrderCreditsItsOrganizationUnderTheOrdersKey() {
    PaymentEvents.Purchase paid =
        PaymentEvents.purchase(
                new PaymentEvent(
                    "polar",
                    "msg_1",
                    "order.paid",
                    Json.createObjectBuilder()
                        .add("id", "ord_1")
                        .add(
                            "metadata",
                            Json.createObjectBuilder()
                                .add("org_id", ORG.toString())
                                .add("credits", "70"))
                        .build()))
            .orElseThrow();
    assertEquals("polar:order:ord_1", paid.key());
    assertEquals(70, paid.credits());
    assertTrue(
        PaymentEvents.purchase(
                new PaymentEvent("polar", "msg_2", "order.created", session("paid", "70")))
            .isEmpty());
  }

  @Test
  void anUnpaidCheckoutOrAnotherEventGrantsNothing() {
    assertTrue(
        PaymentEvents.purchase(stripe("checkout.session.completed", session("unpaid", "5")))
            .isEmpty());
    assertTrue(
        PaymentEvents.purchase(stripe("checkout.session.expired", session("paid", "5"))).isEmpty());
    assertTrue(
        PaymentEvents.purchase(
                new PaymentEvent(
                    "polar", "evt_1", "checkout.session.completed", session("paid", "5")))
            .isEmpty());
  }

  @Test
  void aCheckoutWithoutUsableMetadataGrantsNothing() {
    assertTrue(
        PaymentEvents.purchase(stripe("checkout.session.completed", session("paid", "-5")))
            .isEmpty());
    assertTrue(
        PaymentEvents.purchase(stripe("checkout.session.completed", session("paid", "lots")))
            .isEmpty());
    assertTrue(
        PaymentEvents.purchase(
                stripe(
                    "checkout.session.completed",
                    Json.createObjectBuilder()
                        .add("id", "cs_test_2")
                        .add("payment_status", "paid")
                        .build()))
            .isEmpty());
  }

  private static JsonObject subscriptionSession(String paymentStatus) {
    return Json.createObjectBuilder()
        .add("id", "cs_test_sub")
        .add("mode", "subscription")
        .add("payment_status", paymentStatus)
        .add(
            "metadata", Json.createObjectBuilder().add("org_id", ORG.toString()).add("plan", "pro"))
        .build();
  }

  @Test
  void aPaidSubscriptionCheckoutChangesThePlanAndBuysNoCredits() {
    PaymentEvent event = stripe("checkout.session.completed", subscriptionSession("paid"));
    PaymentEvents.PlanChange change = PaymentEvents.planChange(event).orElseThrow();
    assertEquals("cs_test_sub", change.sessionId());
    assertEquals(ORG, change.orgId());
    assertEquals("pro", change.plan());
    assertTrue(PaymentEvents.purchase(event).isEmpty());
  }

  @Test
  void anUnpaidSubscriptionCheckoutOrAPaymentCheckoutChangesNoPlan() {
    assertTrue(
        PaymentEvents.planChange(
                stripe("checkout.session.completed", subscriptionSession("unpaid")))
            .isEmpty());
    assertTrue(
        PaymentEvents.planChange(stripe("checkout.session.completed", session("paid", "5")))
            .isEmpty());
  }
}
