package dev.mainspring.billing.service;

import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.PaymentEventRepository;
import dev.mainspring.billing.model.Plan;
import dev.mainspring.billing.model.PlanRepository;
import dev.mainspring.billing.model.QuotaRepository;
import dev.mainspring.billing.model.Subscription;
import dev.mainspring.billing.model.SubscriptionRepository;
import dev.mainspring.identity.model.OrganizationRepository;
import dev.mainspring.identity.service.TenantSessions;
import dev.mainspring.platform.model.Ids;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Applies verified payment events, each once: the event's row ({@code payment_events}, keyed by
 * provider and event id) and its effect commit in one transaction, so a redelivery finds the row
 * and changes nothing, and a failure leaves neither for the next delivery. Effects are idempotent
 * by the object they are about, not by the event: a paid checkout grants its credits under the key
 * {@code stripe:checkout:<session id>} (a Polar order under {@code polar:order:<order id>}), so
 * {@code checkout.session.completed} and {@code checkout.session.async_payment_succeeded} of one
 * checkout, in either order, grant once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class PaymentEvents {

  private static final Logger LOG = Logger.getLogger(PaymentEvents.class.getName());

  /** The provider of the subscriptions that plan checkouts start: Stripe renews them. */
  static final String STRIPE = "stripe";

  /** The Stripe events after which a checkout may be paid. */
  static final Set<String> CHECKOUT_PAID =
      Set.of("checkout.session.completed", "checkout.session.async_payment_succeeded");

  @Inject PaymentEventRepository events;
  @Inject LedgerRepository ledger;
  @Inject OrganizationRepository organizations;
  @Inject TenantSessions sessions;
  @Inject PlanRepository plans;
  @Inject SubscriptionRepository subscriptions;
  @Inject CreditGuard guard;
  @Inject QuotaGuard quotaGuard;
  @Inject QuotaRepository quotas;
  @Inject BillingChanges changes;

  /** Applies {@code event} unless it was applied before; answers whether it was applied now. */
  public boolean apply(PaymentEvent event) {
    Optional<Purchase> paid = purchase(event);
    Optional<PlanChange> change = planChange(event);
    Optional<Renewal> renewal = renewal(event);
    Optional<UUID> canceled = cancellation(event);
    Optional<StatusChange> status = statusChange(event);
    UUID org =
        paid.map(Purchase::orgId)
            .or(() -> change.map(PlanChange::orgId))
            .or(() -> renewal.map(Renewal::orgId))
            .or(() -> canceled)
            .or(() -> status.map(StatusChange::orgId))
            .orElse(null);
    if (!events.record(
        event.provider(),
        event.id(),
        event.type(),
        org,
        paid.map(Purchase::key).orElse(null),
        paid.map(Purchase::credits).orElse(null))) {
      return false;
    }
    change.ifPresent(c -> changePlan(event, c));
    renewal.ifPresent(r -> renew(event, r));
    canceled.ifPresent(this::cancel);
    status.ifPresent(this::changeStatus);
    if (event.created() != null) {
      Optional.ofNullable(org)
          .filter(o -> change.isPresent() || renewal.isPresent() || canceled.isPresent())
          .ifPresent(o -> subscriptions.eventApplied(o, event.created()));
    }
    if (paid.isEmpty()) {
      return true;
    }
    Purchase purchase = paid.get();
    sessions.actFor(purchase.orgId());
    if (organizations.find(purchase.orgId()).isEmpty()) {
      // The organization was deleted after paying: recorded, nothing to credit.
      LOG.warning(() -> "paid " + purchase.key() + " of a deleted organization " + org);
      return true;
    }
    if (ledger.grant(
        Ids.newId(),
        purchase.orgId(),
        purchase.key(),
        "purchase",
        false,
        purchase.credits(),
        purchase.key(),
        null)) {
      changes.creditsChanged(purchase.orgId(), "purchase", purchase.credits(), false);
    }
    return true;
  }

  /**
   * Puts the organization on the plan its paid subscription checkout bought, for a month from now,
   * and grants the plan's monthly credits for that period once (the key names the checkout). A plan
   * or organization gone since the checkout: recorded, nothing changed.
   */
  private void changePlan(PaymentEvent event, PlanChange change) {
    sessions.actFor(change.orgId());
    Optional<Plan> plan = plans.findBySlug(change.plan());
    if (plan.isEmpty() || organizations.find(change.orgId()).isEmpty()) {
      LOG.warning(
          () ->
              "paid plan checkout "
                  + change.sessionId()
                  + " names a plan or"
                  + " organization that is gone");
      return;
    }
    UUID planBefore =
        subscriptions.findByOrg(change.orgId()).map(Subscription::planId).orElse(null);
    Instant start = Instant.now();
    Instant end = start.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant();
    Subscription saved =
        subscriptions.save(
            Ids.newId(), change.orgId(), plan.get().id(), "active", start, end, start, STRIPE);
    quotas.startPeriod(change.orgId(), start, end);
    changes.subscriptionChanged(
        change.orgId(),
        saved.id(),
        plan.get(),
        saved.status(),
        saved.currentPeriodStart(),
        saved.currentPeriodEnd());
    if (!plan.get().id().equals(planBefore)) {
      changes.limitsChanged(change.orgId(), plan.get());
    }
    grantPlanCredits(
        event,
        change.orgId(),
        plan.get(),
        "plan:stripe:" + change.sessionId(),
        "monthly credits of plan " + plan.get().slug());
    guard.forget(change.orgId());
    quotaGuard.forget(change.orgId());
  }

  /**
   * A paid renewal invoice moves the organization's subscription to the invoice's period, makes it
   * {@code active} (a paid invoice ends a {@code past_due} or {@code unpaid} spell), starts its
   * quota period and grants the plan's monthly credits once (keyed by the invoice). Only forward
   * and only while not canceled: an invoice of an earlier period arriving late, or one arriving
   * after the subscription was canceled, changes nothing.
   */
  private void renew(PaymentEvent event, Renewal renewal) {
    sessions.actFor(renewal.orgId());
    Optional<Subscription> current = subscriptions.findByOrg(renewal.orgId());
    Optional<Plan> plan = plans.findBySlug(renewal.plan());
    if (current.isEmpty()
        || plan.isEmpty()
        || "canceled".equals(current.get().status())
        || !renewal.periodEnd().isAfter(current.get().currentPeriodEnd())) {
      LOG.fine(() -> "renewal " + renewal.invoiceId() + " changes nothing");
      return;
    }
    Subscription saved =
        subscriptions.save(
            Ids.newId(),
            renewal.orgId(),
            plan.get().id(),
            "active",
            renewal.periodStart(),
            renewal.periodEnd(),
            Instant.now(),
            STRIPE);
    quotas.startPeriod(renewal.orgId(), renewal.periodStart(), renewal.periodEnd());
    changes.subscriptionChanged(
        renewal.orgId(),
        saved.id(),
        plan.get(),
        saved.status(),
        saved.currentPeriodStart(),
        saved.currentPeriodEnd());
    grantPlanCredits(
        event,
        renewal.orgId(),
        plan.get(),
        "plan:stripe:invoice:" + renewal.invoiceId(),
        "monthly credits of plan " + plan.get().slug() + ", renewed");
    guard.forget(renewal.orgId());
    quotaGuard.forget(renewal.orgId());
  }

  /**
   * Grants the plan's monthly credits once under {@code key} (none when the plan has none), and
   * notes the key and amount on the event that paid for them, for the reconciliation (V35).
   */
  private void grantPlanCredits(
      PaymentEvent event, UUID orgId, Plan plan, String key, String description) {
    if (plan.monthlyCredits() <= 0) {
      return;
    }
    events.notePlanCredits(event.provider(), event.id(), key, plan.monthlyCredits());
    if (ledger.grant(
        Ids.newId(), orgId, key, "plan_credits", false, plan.monthlyCredits(), description, null)) {
      changes.creditsChanged(orgId, "plan_credits", plan.monthlyCredits(), false);
    }
  }

  /**
   * The subscription was deleted at Stripe (canceled, or unpaid to the end): the organization's
   * subscription is {@code canceled} from now on, keeping its plan and period for the record; a
   * renewal arriving later changes nothing, and a new plan checkout makes it active again.
   */
  private void cancel(UUID orgId) {
    sessions.actFor(orgId);
    Optional<Subscription> current = subscriptions.findByOrg(orgId);
    if (current.isEmpty() || "canceled".equals(current.get().status())) {
      return;
    }
    Subscription s = current.get();
    Subscription saved =
        subscriptions.save(
            Ids.newId(),
            orgId,
            s.planId(),
            "canceled",
            s.currentPeriodStart(),
            s.currentPeriodEnd(),
            Instant.now(),
            s.provider());
    plans
        .find(s.planId())
        .ifPresent(
            plan ->
                changes.subscriptionChanged(
                    orgId,
                    saved.id(),
                    plan,
                    saved.status(),
                    saved.currentPeriodStart(),
                    saved.currentPeriodEnd()));
    guard.forget(orgId);
    quotaGuard.forget(orgId);
  }

  /**
   * Applies Stripe's view of the subscription ({@code customer.subscription.updated}): its status
   * and period, only when the event is newer than every event applied to the subscription before
   * ({@link SubscriptionRepository#applyStatus}); emits {@code billing.subscription_changed} when
   * it changed. The plan is kept whatever the status: a {@code past_due} or {@code unpaid}
   * subscription keeps its plan's limits, and no credits are granted or taken here (monthly credits
   * come with a paid checkout or renewal invoice only, so an unpaid period brings none).
   */
  private void changeStatus(StatusChange change) {
    sessions.actFor(change.orgId());
    Optional<Subscription> current = subscriptions.findByOrg(change.orgId());
    if (current.isEmpty()
        || !subscriptions.applyStatus(
            change.orgId(),
            change.status(),
            change.periodStart(),
            change.periodEnd(),
            change.at(),
            Instant.now())) {
      LOG.fine(() -> "subscription status of " + change.orgId() + " at " + change.at() + " is old");
      return;
    }
    Subscription saved = subscriptions.findByOrg(change.orgId()).orElseThrow();
    plans
        .find(saved.planId())
        .ifPresent(
            plan ->
                changes.subscriptionChanged(
                    change.orgId(),
                    saved.id(),
                    plan,
                    saved.status(),
                    saved.currentPeriodStart(),
                    saved.currentPeriodEnd()));
    guard.forget(change.orgId());
    quotaGuard.forget(change.orgId());
  }

  /** The statuses of a Stripe subscription that Mainspring keeps; others change nothing. */
  static final Set<String> SUBSCRIPTION_STATUSES =
      Set.of("active", "trialing", "past_due", "unpaid", "canceled");

  /**
   * A subscription's status and period as a provider reported them.
   *
   * @param orgId the organization (the subscription's metadata)
   * @param status one of {@link #SUBSCRIPTION_STATUSES}
   * @param periodStart the current period's start, null when the event has none
   * @param periodEnd its end, null with the start
   * @param at when the provider created the event: orders events delivered out of order
   */
  record StatusChange(
      UUID orgId, String status, Instant periodStart, Instant periodEnd, Instant at) {}

  /**
   * The status a verified Stripe {@code customer.subscription.updated} reports: the subscription's
   * metadata {@code org_id}, its {@code status}, and its current period ({@code
   * current_period_start}/{@code _end} of the subscription, or of its first item in newer API
   * versions). Empty for any other event, a status Mainspring does not keep ({@code incomplete},
   * {@code paused}, ...) or an event without a creation time.
   */
  static Optional<StatusChange> statusChange(PaymentEvent event) {
    JsonObject subscription = event.object();
    if (!"stripe".equals(event.provider())
        || !"customer.subscription.updated".equals(event.type())
        || event.created() == null
        || !SUBSCRIPTION_STATUSES.contains(text(subscription, "status"))) {
      return Optional.empty();
    }
    JsonObject metadata =
        subscription.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
    String org = text(metadata, "org_id");
    JsonObject periodOf = subscription;
    if (!(subscription.get("current_period_end") instanceof jakarta.json.JsonNumber)
        && subscription.get("items") instanceof JsonObject items
        && items.get("data") instanceof jakarta.json.JsonArray data
        && !data.isEmpty()
        && data.get(0) instanceof JsonObject item) {
      periodOf = item;
    }
    Instant start = null;
    Instant end = null;
    if (periodOf.get("current_period_start") instanceof jakarta.json.JsonNumber s
        && periodOf.get("current_period_end") instanceof jakarta.json.JsonNumber e
        && e.longValue() > s.longValue()) {
      start = Instant.ofEpochSecond(s.longValue());
      end = Instant.ofEpochSecond(e.longValue());
    }
    try {
      return org == null
          ? Optional.empty()
          : Optional.of(
              new StatusChange(
                  UUID.fromString(org), text(subscription, "status"), start, end, event.created()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A paid invoice of a subscription's renewal.
   *
   * @param invoiceId the invoice, whose id keys the credits it grants
   * @param orgId the organization (the subscription's metadata)
   * @param plan the plan's slug (the subscription's metadata)
   * @param periodStart the period the invoice pays for
   * @param periodEnd its end
   */
  record Renewal(
      String invoiceId, UUID orgId, String plan, Instant periodStart, Instant periodEnd) {}

  /**
   * The renewal a verified Stripe {@code invoice.paid} reports: a paid invoice with {@code
   * billing_reason} {@code subscription_cycle}, the subscription's metadata ({@code
   * subscription_details.metadata}, or {@code parent.subscription_details.metadata} in newer API
   * versions) and its first line's period. Empty for any other event.
   */
  static Optional<Renewal> renewal(PaymentEvent event) {
    JsonObject invoice = event.object();
    if (!"stripe".equals(event.provider())
        || !"invoice.paid".equals(event.type())
        || !"subscription_cycle".equals(text(invoice, "billing_reason"))) {
      return Optional.empty();
    }
    JsonObject details =
        invoice.get("subscription_details") instanceof JsonObject d
            ? d
            : invoice.get("parent") instanceof JsonObject parent
                    && parent.get("subscription_details") instanceof JsonObject d2
                ? d2
                : JsonValue.EMPTY_JSON_OBJECT;
    JsonObject metadata =
        details.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
    JsonObject period = null;
    if (invoice.get("lines") instanceof JsonObject lines
        && lines.get("data") instanceof jakarta.json.JsonArray data
        && !data.isEmpty()
        && data.get(0) instanceof JsonObject line
        && line.get("period") instanceof JsonObject p) {
      period = p;
    }
    String id = text(invoice, "id");
    String org = text(metadata, "org_id");
    String plan = text(metadata, "plan");
    if (id == null
        || org == null
        || plan == null
        || period == null
        || !(period.get("start") instanceof jakarta.json.JsonNumber start)
        || !(period.get("end") instanceof jakarta.json.JsonNumber end)
        || end.longValue() <= start.longValue()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Renewal(
              id,
              UUID.fromString(org),
              plan,
              Instant.ofEpochSecond(start.longValue()),
              Instant.ofEpochSecond(end.longValue())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The organization whose subscription a verified Stripe {@code customer.subscription.deleted}
   * reports gone (the subscription's metadata {@code org_id}); empty for any other event.
   */
  static Optional<UUID> cancellation(PaymentEvent event) {
    if (!"stripe".equals(event.provider())
        || !"customer.subscription.deleted".equals(event.type())) {
      return Optional.empty();
    }
    JsonObject metadata =
        event.object().get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
    String org = text(metadata, "org_id");
    try {
      return org == null ? Optional.empty() : Optional.of(UUID.fromString(org));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A plan bought through a subscription checkout.
   *
   * @param sessionId the checkout session
   * @param orgId the organization
   * @param plan the plan's slug
   */
  record PlanChange(String sessionId, UUID orgId, String plan) {}

  /** The plan a verified Stripe event reports paid for; empty for any other event. */
  static Optional<PlanChange> planChange(PaymentEvent event) {
    JsonObject session = event.object();
    if (!"stripe".equals(event.provider())
        || !CHECKOUT_PAID.contains(event.type())
        || !"subscription".equals(text(session, "mode"))
        || !"paid".equals(text(session, "payment_status"))) {
      return Optional.empty();
    }
    JsonObject metadata =
        session.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
    String sessionId = text(session, "id");
    String org = text(metadata, "org_id");
    String plan = text(metadata, "plan");
    if (sessionId == null || org == null || plan == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new PlanChange(sessionId, UUID.fromString(org), plan));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A purchase paid, as read from a verified event.
   *
   * @param key the ledger key that grants it once: the provider's object, not the event
   * @param orgId the organization credited
   * @param credits the micro-credits granted
   */
  record Purchase(String key, UUID orgId, long credits) {}

  /**
   * The purchase a verified event reports paid; empty for any other event: a Stripe checkout
   * session {@code paid} after {@link #CHECKOUT_PAID}, or a Polar {@code order.paid} (its checkout
   * created with the metadata {@code org_id} and {@code credits}).
   */
  static Optional<Purchase> purchase(PaymentEvent event) {
    JsonObject object = event.object();
    String key;
    if ("stripe".equals(event.provider()) && CHECKOUT_PAID.contains(event.type())) {
      if (!"paid".equals(text(object, "payment_status"))) {
        return Optional.empty();
      }
      key = "stripe:checkout:";
    } else if ("polar".equals(event.provider()) && "order.paid".equals(event.type())) {
      key = "polar:order:";
    } else {
      return Optional.empty();
    }
    JsonObject metadata =
        object.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
    String objectId = text(object, "id");
    String org = text(metadata, "org_id");
    String credits = text(metadata, "credits");
    if (objectId == null || org == null || credits == null) {
      return Optional.empty();
    }
    try {
      long amount = Long.parseLong(credits);
      return amount > 0
          ? Optional.of(new Purchase(key + objectId, UUID.fromString(org), amount))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonObject object, String name) {
    return object.get(name) instanceof JsonString s ? s.getString() : null;
  }
}
