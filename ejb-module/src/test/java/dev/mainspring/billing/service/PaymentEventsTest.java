package dev.mainspring.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
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

  private static JsonObject invoice(String reason, long start, long end, boolean newerShape) {
    var metadata =
        Json.createObjectBuilder()
            .add(
                "metadata",
                Json.createObjectBuilder().add("org_id", ORG.toString()).add("plan", "team"));
    var invoice =
        Json.createObjectBuilder()
            .add("id", "in_1")
            .add("billing_reason", reason)
            .add(
                "lines",
                Json.createObjectBuilder()
                    .add(
                        "data",
                        Json.createArrayBuilder()
                            .add(
                                Json.createObjectBuilder()
                                    .add(
                                        "period",
                                        Json.createObjectBuilder()
                                            .add("start", start)
                                            .add("end", end)))));
    if (newerShape) {
      invoice.add("parent", Json.createObjectBuilder().add("subscription_details", metadata));
    } else {
      invoice.add("subscription_details", metadata);
    }
    return invoice.build();
  }

  @Test
  void aPaidRenewalInvoiceNamesTheOrganizationPlanAndPeriodInEitherShape() {
    for (boolean newer : new boolean[] {false, true}) {
      PaymentEvents.Renewal renewal =
          PaymentEvents.renewal(
                  stripe("invoice.paid", invoice("subscription_cycle", 1000, 2000, newer)))
              .orElseThrow();
      assertEquals("in_1", renewal.invoiceId());
      assertEquals(ORG, renewal.orgId());
      assertEquals("team", renewal.plan());
      assertEquals(1000, renewal.periodStart().getEpochSecond());
      assertEquals(2000, renewal.periodEnd().getEpochSecond());
    }
    assertTrue(
        PaymentEvents.renewal(
                stripe("invoice.paid", invoice("subscription_create", 1000, 2000, false)))
            .isEmpty(),
        "the first invoice is the checkout's, which the checkout event handles");
    assertTrue(
        PaymentEvents.renewal(
                stripe("invoice.paid", invoice("subscription_cycle", 2000, 1000, false)))
            .isEmpty());
    assertTrue(
        PaymentEvents.renewal(stripe("invoice.created", invoice("subscription_cycle", 1, 2, false)))
            .isEmpty());
  }

  @Test
  void aDeletedSubscriptionNamesItsOrganization() {
    JsonObject subscription =
        Json.createObjectBuilder()
            .add("id", "sub_1")
            .add("metadata", Json.createObjectBuilder().add("org_id", ORG.toString()))
            .build();
    assertEquals(
        ORG,
        PaymentEvents.cancellation(stripe("customer.subscription.deleted", subscription))
            .orElseThrow());
    assertTrue(
        PaymentEvents.cancellation(stripe("customer.subscription.updated", subscription))
            .isEmpty());
  }

  private static PaymentEvent subscriptionUpdated(JsonObject subscription, Instant created) {
    return new PaymentEvent(
        "stripe", "evt_s", "customer.subscription.updated", subscription, created);
  }

  private static jakarta.json.JsonObjectBuilder subscription(String status) {
    return Json.createObjectBuilder()
        .add("id", "sub_1")
        .add("status", status)
        .add("metadata", Json.createObjectBuilder().add("org_id", ORG.toString()));
  }

  @Test
  void aSubscriptionUpdateCarriesItsStatusPeriodAndCreationTime() {
    Instant created = Instant.ofEpochSecond(1_800_000_000L);
    PaymentEvents.StatusChange change =
        PaymentEvents.statusChange(
                subscriptionUpdated(
                    subscription("past_due")
                        .add("current_period_start", 1_700_000_000L)
                        .add("current_period_end", 1_702_592_000L)
                        .build(),
                    created))
            .orElseThrow();
    assertEquals(ORG, change.orgId());
    assertEquals("past_due", change.status());
    assertEquals(Instant.ofEpochSecond(1_700_000_000L), change.periodStart());
    assertEquals(Instant.ofEpochSecond(1_702_592_000L), change.periodEnd());
    assertEquals(created, change.at());
  }

  @Test
  void newerApiVersionsCarryThePeriodOnTheFirstItem() {
    JsonObject item =
        Json.createObjectBuilder()
            .add("current_period_start", 10L)
            .add("current_period_end", 20L)
            .build();
    PaymentEvents.StatusChange change =
        PaymentEvents.statusChange(
                subscriptionUpdated(
                    subscription("unpaid")
                        .add(
                            "items",
                            Json.createObjectBuilder()
                                .add("data", Json.createArrayBuilder().add(item)))
                        .build(),
                    Instant.ofEpochSecond(30)))
            .orElseThrow();
    assertEquals(Instant.ofEpochSecond(20), change.periodEnd());
    assertNull(
        PaymentEvents.statusChange(
                subscriptionUpdated(subscription("active").build(), Instant.ofEpochSecond(1)))
            .orElseThrow()
            .periodStart(),
        "no period: the subscription keeps its own");
  }

  @Test
  void anUnknownStatusAnEventWithoutTimeOrAnotherTypeChangesNoStatus() {
    assertTrue(
        PaymentEvents.statusChange(
                subscriptionUpdated(subscription("incomplete").build(), Instant.EPOCH))
            .isEmpty());
    assertTrue(
        PaymentEvents.statusChange(subscriptionUpdated(subscription("active").build(), null))
            .isEmpty());
    assertTrue(
        PaymentEvents.statusChange(
                new PaymentEvent(
                    "stripe",
                    "evt_d",
                    "customer.subscription.deleted",
                    subscription("canceled").build(),
                    Instant.EPOCH))
            .isEmpty());
    assertTrue(
        PaymentEvents.statusChange(
                subscriptionUpdated(
                    Json.createObjectBuilder().add("status", "active").build(), Instant.EPOCH))
            .isEmpty(),
        "no organization in the metadata");
  }
}
