package dev.mainspring.it;

import static dev.mainspring.it.PlatformIT.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Buying credits through Stripe, end to end against a loopback Stripe that speaks the official
 * client's protocol: the checkout endpoint opens a session for the caller's organization, and the
 * signed completion event grants its credits once, however often and in whatever order Stripe
 * delivers; forged, stale and tampered deliveries are refused and change nothing.
 */
class PaymentsIT extends ApiTest {

  private static final String SUCCESS = "https://app.example.test/billing/success";
  private static final String CANCEL = "https://app.example.test/billing/cancel";

  private static StubStripeServer stripe;

  @BeforeAll
  static void startStripe() throws Exception {
    stripe = StubStripeServer.start();
  }

  @AfterAll
  static void stopStripe() {
    if (stripe != null) {
      stripe.close();
    }
  }

  private static String checkout(long cents) {
    return "{\"amount_cents\":"
        + cents
        + ",\"success_url\":\""
        + SUCCESS
        + "\",\"cancel_url\":\""
        + CANCEL
        + "\"}";
  }

  private static JsonObject opened(Accounts.Account account, long cents) {
    Http.Reply reply = account.http().post("api/billing/create-checkout-session", checkout(cents));
    assertEquals(200, reply.status(), reply.toString());
    return reply.json();
  }

  private Http.Reply deliver(String payload, String signature) {
    return signature == null
        ? anonymous.post("api/billing/webhook", payload)
        : anonymous.post("api/billing/webhook", payload, "Stripe-Signature", signature);
  }

  private Http.Reply deliverSigned(String payload) {
    return deliver(
        payload,
        StubStripeServer.signature(
            payload, System.currentTimeMillis() / 1000, StubStripeServer.WEBHOOK_SECRET));
  }

  private static long number(String sql, String parameter) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static String text(String sql, String parameter) throws SQLException {
    try (Connection c = TestDatabase.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  private static long purchases(String org) throws SQLException {
    return number(
        "select count(*) from ledger_transfers where org_id = ?::uuid and kind = 'purchase'", org);
  }

  private static long events(String eventId) throws SQLException {
    return number("select count(*) from payment_events where event_id = ?", eventId);
  }

  private static long balance(Accounts.Account account) {
    return ModelPlatform.ok(account.http().get("api/billing/status"))
        .getJsonNumber("balance")
        .longValue();
  }

  private static String eventId() {
    return "evt_" + UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void aPaidCheckoutGrantsItsCreditsOnceWhateverIsRedelivered() throws Exception {
    Accounts.Account buyer = Accounts.withOrganization(anonymous, "stripe-buyer");
    JsonObject session = opened(buyer, 500);
    String sessionId = session.getString("session_id");
    assertTrue(sessionId.startsWith("cs_test_"), session.toString());
    assertTrue(session.getString("url").endsWith(sessionId), session.toString());
    assertEquals(500, session.getJsonNumber("amount_cents").longValue());
    assertEquals("usd", session.getString("currency"));
    assertEquals(5_000_000, session.getJsonNumber("credits").longValue());

    Map<String, String> sent = stripe.sessionRequests().get(stripe.sessionRequests().size() - 1);
    assertEquals("payment", sent.get("mode"));
    assertEquals(buyer.orgId(), sent.get("metadata[org_id]"));
    assertEquals(buyer.orgId(), sent.get("client_reference_id"));
    assertEquals("5000000", sent.get("metadata[credits]"));
    assertEquals("500", sent.get("line_items[0][price_data][unit_amount]"));
    assertEquals("usd", sent.get("line_items[0][price_data][currency]"));
    assertEquals(SUCCESS, sent.get("success_url"));
    assertEquals(0, balance(buyer), "opening a checkout grants nothing");

    String firstEvent = eventId();
    String completed =
        stripe.sessionEvent(firstEvent, "checkout.session.completed", sessionId, "paid");
    Http.Reply first = deliverSigned(completed);
    assertEquals(200, first.status(), first.toString());
    assertTrue(first.json().getBoolean("applied"));
    assertEquals(5_000_000, balance(buyer));
    // The event keeps the purchase's ledger key, credits and kind, for the reconciliation to check.
    assertEquals(
        "stripe:checkout:" + sessionId + " 5000000 purchase",
        text(
            "select ledger_key || ' ' || credits || ' ' || ledger_kind from payment_events"
                + " where event_id = ?",
            firstEvent));

    // Stripe redelivers the same event (a lost answer, for days): nothing more.
    for (int i = 0; i < 3; i++) {
      Http.Reply again = deliverSigned(completed);
      assertEquals(200, again.status(), again.toString());
      assertFalse(again.json().getBoolean("applied"));
    }
    // Another event about the same paid checkout: recorded, no second grant.
    Http.Reply other =
        deliverSigned(
            stripe.sessionEvent(
                eventId(), "checkout.session.async_payment_succeeded", sessionId, "paid"));
    assertEquals(200, other.status(), other.toString());
    assertEquals(5_000_000, balance(buyer));
    assertEquals(1, purchases(buyer.orgId()));
  }

  @Test
  void anAsyncPaymentGrantsWhenItSucceedsEvenIfItsEventsArriveOutOfOrder() throws Exception {
    Accounts.Account buyer = Accounts.withOrganization(anonymous, "stripe-async");
    String sessionId = opened(buyer, 200).getString("session_id");
    String completedUnpaid =
        stripe.sessionEvent(eventId(), "checkout.session.completed", sessionId, "unpaid");
    String succeeded =
        stripe.sessionEvent(
            eventId(), "checkout.session.async_payment_succeeded", sessionId, "paid");

    // The success arrives first, the older completion (still unpaid) after it.
    assertEquals(200, deliverSigned(succeeded).status());
    assertEquals(2_000_000, balance(buyer));
    Http.Reply late = deliverSigned(completedUnpaid);
    assertEquals(200, late.status(), late.toString());
    assertTrue(late.json().getBoolean("applied"), "recorded, and it grants nothing");
    assertEquals(2_000_000, balance(buyer));
    assertEquals(1, purchases(buyer.orgId()));

    // An unpaid completion alone grants nothing.
    Accounts.Account waiting = Accounts.withOrganization(anonymous, "stripe-waiting");
    String pending = opened(waiting, 300).getString("session_id");
    assertEquals(
        200,
        deliverSigned(
                stripe.sessionEvent(eventId(), "checkout.session.completed", pending, "unpaid"))
            .status());
    assertEquals(0, balance(waiting));
  }

  @Test
  void forgedStaleAndTamperedDeliveriesAreRefusedAndChangeNothing() throws Exception {
    Accounts.Account buyer = Accounts.withOrganization(anonymous, "stripe-forged");
    String sessionId = opened(buyer, 700).getString("session_id");
    String id = eventId();
    String payload = stripe.sessionEvent(id, "checkout.session.completed", sessionId, "paid");
    long now = System.currentTimeMillis() / 1000;

    assertProblem(
        deliver(payload, StubStripeServer.signature(payload, now, "whsec_someone_else")),
        400,
        "invalid_signature");
    assertProblem(
        deliver(
            payload,
            StubStripeServer.signature(payload, now - 301, StubStripeServer.WEBHOOK_SECRET)),
        400,
        "invalid_signature");
    String tampered = payload.replace("\"credits\":\"7000000\"", "\"credits\":\"9000000000\"");
    assertFalse(tampered.equals(payload));
    assertProblem(
        deliver(
            tampered, StubStripeServer.signature(payload, now, StubStripeServer.WEBHOOK_SECRET)),
        400,
        "invalid_signature");
    assertProblem(deliver(payload, null), 400, "invalid_signature");
    assertProblem(deliverSigned("not json"), 400, "invalid_signature");

    assertEquals(0, events(id), "no refused delivery recorded the event");
    assertEquals(0, balance(buyer));
    assertEquals(0, purchases(buyer.orgId()));

    // The genuine delivery of the same event still applies: the refusals left nothing behind.
    assertTrue(deliverSigned(payload).json().getBoolean("applied"));
    assertEquals(7_000_000, balance(buyer));
  }

  @Test
  void aPaidPlanCheckoutPutsTheOrganizationOnThePlanAndGrantsItsCreditsOnce() throws Exception {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "stripe-plan");
    Http platform = Accounts.superadmin(anonymous);
    String plan = "pro-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        platform.post(
            "v1/platform/billing/plans",
            "{\"slug\":\""
                + plan
                + "\",\"name\":\"Pro\",\"monthly_credits\":4000000,\"price_cents\":2000}"));
    String free = "free-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        platform.post(
            "v1/platform/billing/plans", "{\"slug\":\"" + free + "\",\"name\":\"Free\"}"));
    String urls = ",\"success_url\":\"" + SUCCESS + "\",\"cancel_url\":\"" + CANCEL + "\"}";

    assertProblem(
        admin.http().post("api/billing/upgrade-plan", "{\"plan\":\"" + free + "\"" + urls),
        400,
        "plan_not_purchasable");
    assertProblem(
        admin.http().post("api/billing/upgrade-plan", "{\"plan\":\"no-such-plan\"" + urls),
        404,
        "plan_not_found");

    Http.Reply opened =
        admin.http().post("api/billing/upgrade-plan", "{\"plan\":\"" + plan + "\"" + urls);
    assertEquals(200, opened.status(), opened.toString());
    String sessionId = opened.json().getString("session_id");
    Map<String, String> sent = stripe.sessionRequests().get(stripe.sessionRequests().size() - 1);
    assertEquals("subscription", sent.get("mode"));
    assertEquals("month", sent.get("line_items[0][price_data][recurring][interval]"));
    assertEquals("2000", sent.get("line_items[0][price_data][unit_amount]"));
    assertEquals(plan, sent.get("metadata[plan]"));
    assertEquals(admin.orgId(), sent.get("metadata[org_id]"));
    assertEquals(
        "none",
        ModelPlatform.ok(admin.http().get("api/billing/subscription")).getString("status"),
        "nothing changes before Stripe says it is paid");

    String completedId = eventId();
    String completed =
        stripe.sessionEvent(completedId, "checkout.session.completed", sessionId, "paid");
    assertTrue(deliverSigned(completed).json().getBoolean("applied"));
    assertFalse(deliverSigned(completed).json().getBoolean("applied"));
    JsonObject subscription = ModelPlatform.ok(admin.http().get("api/billing/subscription"));
    assertEquals("active", subscription.getString("status"));
    assertEquals(plan, subscription.getJsonObject("plan").getString("slug"));
    assertEquals(4_000_000, balance(admin));
    assertEquals(
        1,
        number(
            "select count(*) from ledger_transfers where org_id = ?::uuid and kind ="
                + " 'plan_credits'",
            admin.orgId()));
    assertEquals(0, purchases(admin.orgId()), "a plan is not a purchase of credits");
    // The event keeps the plan credits' key and kind, for the reconciliation to check (V35).
    assertEquals(
        "plan:stripe:" + sessionId + " 4000000 plan_credits",
        text(
            "select ledger_key || ' ' || credits || ' ' || ledger_kind from payment_events"
                + " where event_id = ?",
            completedId));

    Accounts.Account member = Accounts.registered(anonymous, "stripe-plan-member");
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    assertProblem(
        member
            .http()
            .withHeader("X-Org-Id", admin.orgId())
            .post("api/billing/upgrade-plan", "{\"plan\":\"" + plan + "\"" + urls),
        403,
        "admin_required");
  }

  /**
   * A subscription's life after its checkout: each paid renewal invoice moves the period forward
   * and grants the plan's credits once (redelivered, or with an earlier invoice arriving late,
   * nothing changes); its deletion at Stripe cancels it, and a renewal arriving after that changes
   * nothing either.
   */
  @Test
  void renewalsMoveThePeriodAndGrantOnceAndADeletedSubscriptionIsCanceled() throws Exception {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "stripe-renew");
    Http platform = Accounts.superadmin(anonymous);
    String plan = "team-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        platform.post(
            "v1/platform/billing/plans",
            "{\"slug\":\""
                + plan
                + "\",\"name\":\"Team\",\"monthly_credits\":1000000,\"price_cents\":900}"));
    String urls = ",\"success_url\":\"" + SUCCESS + "\",\"cancel_url\":\"" + CANCEL + "\"}";
    Http.Reply opened =
        admin.http().post("api/billing/upgrade-plan", "{\"plan\":\"" + plan + "\"" + urls);
    assertEquals(200, opened.status(), opened.toString());
    Map<String, String> sent = stripe.sessionRequests().get(stripe.sessionRequests().size() - 1);
    assertEquals(admin.orgId(), sent.get("subscription_data[metadata][org_id]"));
    assertEquals(plan, sent.get("subscription_data[metadata][plan]"));
    String sessionId = opened.json().getString("session_id");
    assertTrue(
        deliverSigned(
                stripe.sessionEvent(eventId(), "checkout.session.completed", sessionId, "paid"))
            .json()
            .getBoolean("applied"));
    JsonObject first = ModelPlatform.ok(admin.http().get("api/billing/subscription"));
    java.time.Instant end = java.time.Instant.parse(first.getString("current_period_end"));
    assertEquals(1_000_000, balance(admin));

    long nextStart = end.getEpochSecond();
    long nextEnd = nextStart + 30L * 24 * 3600;
    String invoice = "in_" + UUID.randomUUID().toString().replace("-", "");
    String renewed = renewal(invoice, admin.orgId(), plan, nextStart, nextEnd);
    assertTrue(deliverSigned(renewed).json().getBoolean("applied"));
    assertFalse(deliverSigned(renewed).json().getBoolean("applied"), "a redelivery");
    JsonObject second = ModelPlatform.ok(admin.http().get("api/billing/subscription"));
    assertEquals("active", second.getString("status"));
    assertEquals(
        nextEnd, java.time.Instant.parse(second.getString("current_period_end")).getEpochSecond());
    assertEquals(2_000_000, balance(admin), "the renewal's credits, once");
    // the same invoice in another event, and an earlier invoice arriving late: nothing
    assertTrue(
        deliverSigned(renewal(invoice, admin.orgId(), plan, nextStart, nextEnd))
            .json()
            .getBoolean("applied"));
    assertTrue(
        deliverSigned(
                renewal("in_old" + eventId(), admin.orgId(), plan, nextStart - 3600, nextStart))
            .json()
            .getBoolean("applied"));
    assertEquals(2_000_000, balance(admin));
    assertEquals(
        nextEnd,
        java.time.Instant.parse(
                ModelPlatform.ok(admin.http().get("api/billing/subscription"))
                    .getString("current_period_end"))
            .getEpochSecond());

    String deleted =
        stripeEvent(
            "customer.subscription.deleted",
            "{\"id\":\"sub_1\",\"object\":\"subscription\",\"status\":\"canceled\","
                + "\"metadata\":{\"org_id\":\""
                + admin.orgId()
                + "\",\"plan\":\""
                + plan
                + "\"}}");
    assertTrue(deliverSigned(deleted).json().getBoolean("applied"));
    assertEquals(
        "canceled",
        ModelPlatform.ok(admin.http().get("api/billing/subscription")).getString("status"));
    assertTrue(
        deliverSigned(
                renewal(
                    "in_late" + eventId(), admin.orgId(), plan, nextEnd, nextEnd + 30L * 24 * 3600))
            .json()
            .getBoolean("applied"));
    assertEquals(
        "canceled",
        ModelPlatform.ok(admin.http().get("api/billing/subscription")).getString("status"),
        "a renewal after the deletion does not bring it back");
    assertEquals(2_000_000, balance(admin));
  }

  /**
   * A signed {@code customer.subscription.updated} of the organization, created at {@code created}.
   */
  private static String subscriptionUpdated(
      String org, String plan, String status, long created, long periodStart, long periodEnd) {
    return stripeEvent(
        "customer.subscription.updated",
        "{\"id\":\"sub_1\",\"object\":\"subscription\",\"status\":\""
            + status
            + "\",\"current_period_start\":"
            + periodStart
            + ",\"current_period_end\":"
            + periodEnd
            + ",\"metadata\":{\"org_id\":\""
            + org
            + "\",\"plan\":\""
            + plan
            + "\"}}",
        created);
  }

  /** The statuses of the organization's billing.subscription_changed events, oldest first. */
  private static String statusEvents(String org) throws SQLException {
    return text(
        "select coalesce(string_agg(data->>'status', ',' order by sequence), '') from event"
            + " where stream = 'workspace:' || ? and type = 'billing.subscription_changed'",
        org);
  }

  /**
   * Stripe's {@code customer.subscription.updated} moves the subscription's status and period
   * forward only, by the event's creation time: a past_due or unpaid subscription keeps its plan
   * and shows its status, an older event delivered late changes nothing and a replay is not applied
   * twice; no credits come or go with a status.
   */
  @Test
  void subscriptionStatusesMoveForwardByTheEventsCreationTimeOnly() throws Exception {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "stripe-status");
    Http platform = Accounts.superadmin(anonymous);
    String plan = "biz-" + UUID.randomUUID().toString().substring(0, 8);
    ModelPlatform.created(
        platform.post(
            "v1/platform/billing/plans",
            "{\"slug\":\""
                + plan
                + "\",\"name\":\"Biz\",\"monthly_credits\":1000000,\"price_cents\":900}"));
    String urls = ",\"success_url\":\"" + SUCCESS + "\",\"cancel_url\":\"" + CANCEL + "\"}";
    Http.Reply opened =
        admin.http().post("api/billing/upgrade-plan", "{\"plan\":\"" + plan + "\"" + urls);
    assertEquals(200, opened.status(), opened.toString());
    assertTrue(
        deliverSigned(
                stripe.sessionEvent(
                    eventId(),
                    "checkout.session.completed",
                    opened.json().getString("session_id"),
                    "paid"))
            .json()
            .getBoolean("applied"));
    assertEquals("active", statusEvents(admin.orgId()));
    long now = System.currentTimeMillis() / 1000;
    long start = now - 3600;
    long end = now + 29L * 24 * 3600;

    String pastDue = subscriptionUpdated(admin.orgId(), plan, "past_due", now + 100, start, end);
    assertTrue(deliverSigned(pastDue).json().getBoolean("applied"));
    JsonObject subscription = ModelPlatform.ok(admin.http().get("api/billing/subscription"));
    assertEquals("past_due", subscription.getString("status"));
    assertEquals(plan, subscription.getJsonObject("plan").getString("slug"), "the plan is kept");
    assertEquals(
        end,
        java.time.Instant.parse(subscription.getString("current_period_end")).getEpochSecond());
    assertEquals(
        "past_due",
        ModelPlatform.ok(admin.http().get("api/billing/status"))
            .getJsonObject("subscription")
            .getString("status"));
    assertEquals("active,past_due", statusEvents(admin.orgId()));

    // Replayed: recorded once, applied once.
    assertFalse(deliverSigned(pastDue).json().getBoolean("applied"));
    // Older than the one applied, delivered late: recorded, changes nothing, emits nothing.
    assertTrue(
        deliverSigned(subscriptionUpdated(admin.orgId(), plan, "active", now + 50, start, end))
            .json()
            .getBoolean("applied"));
    assertEquals(
        "past_due",
        ModelPlatform.ok(admin.http().get("api/billing/subscription")).getString("status"));
    assertEquals("active,past_due", statusEvents(admin.orgId()));

    String unpaid = subscriptionUpdated(admin.orgId(), plan, "unpaid", now + 200, start, end);
    assertTrue(deliverSigned(unpaid).json().getBoolean("applied"));
    assertEquals(
        "unpaid",
        ModelPlatform.ok(admin.http().get("api/billing/subscription")).getString("status"));
    assertEquals(1_000_000, balance(admin), "a status grants and takes no credits");

    // Paid again, with the next period: active, the period moved.
    long nextEnd = end + 30L * 24 * 3600;
    assertTrue(
        deliverSigned(subscriptionUpdated(admin.orgId(), plan, "active", now + 300, end, nextEnd))
            .json()
            .getBoolean("applied"));
    JsonObject paid = ModelPlatform.ok(admin.http().get("api/billing/subscription"));
    assertEquals("active", paid.getString("status"));
    assertEquals(
        nextEnd, java.time.Instant.parse(paid.getString("current_period_end")).getEpochSecond());
    assertEquals("active,past_due,unpaid,active", statusEvents(admin.orgId()));
    // The unpaid event again, and in a new event of the same time: nothing moves back.
    assertFalse(deliverSigned(unpaid).json().getBoolean("applied"));
    deliverSigned(subscriptionUpdated(admin.orgId(), plan, "unpaid", now + 200, start, end));
    assertEquals(
        "active",
        ModelPlatform.ok(admin.http().get("api/billing/subscription")).getString("status"));
    assertEquals(1_000_000, balance(admin));

    // A status Mainspring does not keep is recorded and changes nothing.
    assertTrue(
        deliverSigned(subscriptionUpdated(admin.orgId(), plan, "incomplete", now + 400, start, end))
            .json()
            .getBoolean("applied"));
    assertEquals(
        "active",
        ModelPlatform.ok(admin.http().get("api/billing/subscription")).getString("status"));
  }

  private static String stripeEvent(String type, String object) {
    return stripeEvent(type, object, System.currentTimeMillis() / 1000);
  }

  private static String stripeEvent(String type, String object, long created) {
    return "{\"id\":\""
        + eventId()
        + "\",\"object\":\"event\",\"api_version\":\"2024-06-20\",\"created\":"
        + created
        + ",\"livemode\":false,\"pending_webhooks\":1,\"type\":\""
        + type
        + "\",\"data\":{\"object\":"
        + object
        + "}}";
  }

  private static String renewal(String invoice, String org, String plan, long start, long end) {
    return stripeEvent(
        "invoice.paid",
        "{\"id\":\""
            + invoice
            + "\",\"object\":\"invoice\",\"status\":\"paid\",\"billing_reason\":"
            + "\"subscription_cycle\",\"subscription_details\":{\"metadata\":{\"org_id\":\""
            + org
            + "\",\"plan\":\""
            + plan
            + "\"}},\"lines\":{\"object\":\"list\",\"data\":[{\"object\":\"line_item\","
            + "\"period\":{\"start\":"
            + start
            + ",\"end\":"
            + end
            + "}}]}}");
  }

  private static final String POLAR_SECRET = "polar_whs_mainspring_it";

  private static String polarOrder(String orderId, String org, long credits) {
    return "{\"type\":\"order.paid\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"id\":\""
        + orderId
        + "\",\"status\":\"paid\",\"paid\":true,\"metadata\":{\"org_id\":\""
        + org
        + "\",\"credits\":\""
        + credits
        + "\"}}}";
  }

  private Http.Reply deliverPolar(String id, long at, String payload, String secret) {
    return anonymous.post(
        "api/webhooks/polar",
        payload,
        "webhook-id",
        id,
        "webhook-timestamp",
        Long.toString(at),
        "webhook-signature",
        dev.mainspring.billing.service.StandardWebhooks.signature(secret, id, at, payload));
  }

  @Test
  void aPaidPolarOrderGrantsOnceAndForgedOrStaleDeliveriesChangeNothing() throws Exception {
    Accounts.Account buyer = Accounts.withOrganization(anonymous, "polar-buyer");
    String order = "ord_" + UUID.randomUUID();
    String payload = polarOrder(order, buyer.orgId(), 3_000_000);
    String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
    long now = System.currentTimeMillis() / 1000;

    assertProblem(deliverPolar(id, now, payload, "polar_whs_forged"), 400, "invalid_signature");
    assertProblem(deliverPolar(id, now - 301, payload, POLAR_SECRET), 400, "invalid_signature");
    assertProblem(anonymous.post("api/webhooks/polar", payload), 400, "invalid_signature");
    assertEquals(0, events(id));
    assertEquals(0, balance(buyer));

    Http.Reply paid = deliverPolar(id, now, payload, POLAR_SECRET);
    assertEquals(200, paid.status(), paid.toString());
    assertTrue(paid.json().getBoolean("applied"));
    assertEquals(3_000_000, balance(buyer));
    // Redelivered (Standard Webhooks keeps the id, signs again with a new timestamp).
    Http.Reply again = deliverPolar(id, now + 1, payload, POLAR_SECRET);
    assertEquals(200, again.status(), again.toString());
    assertFalse(again.json().getBoolean("applied"));
    // Another message about the same order: recorded, the order is credited once.
    assertTrue(
        deliverPolar("msg_" + UUID.randomUUID(), now, payload, POLAR_SECRET)
            .json()
            .getBoolean("applied"));
    assertEquals(3_000_000, balance(buyer));
    assertEquals(1, purchases(buyer.orgId()));
  }

  @Test
  void onlyAnOrganizationAdminOpensACheckoutForItsOwnOrganizationWithValidInput() {
    Accounts.Account admin = Accounts.withOrganization(anonymous, "stripe-rules");
    Accounts.Account member = Accounts.registered(anonymous, "stripe-member");
    assertEquals(
        201,
        admin
            .http()
            .post(
                "api/orgs/" + admin.orgId() + "/members",
                "{\"email\":\"" + member.email() + "\",\"role\":\"member\"}")
            .status());
    int before = stripe.sessionRequests().size();

    assertProblem(
        member
            .http()
            .withHeader("X-Org-Id", admin.orgId())
            .post("api/billing/create-checkout-session", checkout(500)),
        403,
        "admin_required");
    assertProblem(
        anonymous.post("api/billing/create-checkout-session", checkout(500)),
        401,
        "unauthenticated");
    assertProblem(
        admin.http().post("api/billing/create-checkout-session", checkout(5)),
        400,
        "invalid_amount");
    assertProblem(
        admin.http().post("api/billing/create-checkout-session", "{\"amount_cents\":500}"),
        400,
        "invalid_success_url");
    assertProblem(
        admin
            .http()
            .post(
                "api/billing/create-checkout-session",
                "{\"amount_cents\":500,\"success_url\":\"javascript:alert(1)\",\"cancel_url\":\""
                    + CANCEL
                    + "\"}"),
        400,
        "invalid_success_url");
    assertEquals(before, stripe.sessionRequests().size(), "no refused request reached Stripe");

    // Another organization's id in X-Org-Id is not the caller's: refused, nothing opened for it.
    Accounts.Account stranger = Accounts.withOrganization(anonymous, "stripe-stranger");
    assertProblem(
        stranger
            .http()
            .withHeader("X-Org-Id", admin.orgId())
            .post("api/billing/create-checkout-session", checkout(500)),
        403,
        "not_a_member");
    assertEquals(before, stripe.sessionRequests().size());

    // Stripe refuses (a 4xx the client does not retry): 502, and nothing was granted.
    stripe.failNext(400);
    assertProblem(
        admin.http().post("api/billing/create-checkout-session", checkout(500)),
        502,
        "payment_provider_error");
  }
}
