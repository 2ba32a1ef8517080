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
    UUID org = paid.map(Purchase::orgId).orElse(change.map(PlanChange::orgId).orElse(null));
    if (!events.record(
        event.provider(),
        event.id(),
        event.type(),
        org,
        paid.map(Purchase::key).orElse(null),
        paid.map(Purchase::credits).orElse(null))) {
      return false;
    }
    change.ifPresent(this::changePlan);
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
  private void changePlan(PlanChange change) {
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
            Ids.newId(), change.orgId(), plan.get().id(), "active", start, end, start);
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
    if (plan.get().monthlyCredits() > 0
        && ledger.grant(
            Ids.newId(),
            change.orgId(),
            "plan:stripe:" + change.sessionId(),
            "plan_credits",
            false,
            plan.get().monthlyCredits(),
            "monthly credits of plan " + plan.get().slug(),
            null)) {
      changes.creditsChanged(change.orgId(), "plan_credits", plan.get().monthlyCredits(), false);
    }
    guard.forget(change.orgId());
    quotaGuard.forget(change.orgId());
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
