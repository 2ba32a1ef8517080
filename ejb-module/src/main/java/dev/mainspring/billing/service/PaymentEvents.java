package dev.mainspring.billing.service;

import dev.mainspring.billing.model.LedgerRepository;
import dev.mainspring.billing.model.PaymentEventRepository;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Applies verified payment events, each once: the event's row ({@code payment_events}, keyed by
 * provider and event id) and its effect commit in one transaction, so a redelivery finds the row
 * and changes nothing, and a failure leaves neither for the next delivery. Effects are idempotent
 * by the object they are about, not by the event: a paid checkout grants its credits under the key
 * {@code stripe:checkout:<session id>}, so {@code checkout.session.completed} and {@code
 * checkout.session.async_payment_succeeded} of one checkout, in either order, grant once.
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

  /** Applies {@code event} unless it was applied before; answers whether it was applied now. */
  public boolean apply(PaymentEvent event) {
    Optional<PaidCheckout> paid = paidCheckout(event);
    UUID org = paid.map(PaidCheckout::orgId).orElse(null);
    if (!events.record(event.provider(), event.id(), event.type(), org)) {
      return false;
    }
    if (paid.isEmpty()) {
      return true;
    }
    PaidCheckout checkout = paid.get();
    sessions.actFor(checkout.orgId());
    if (organizations.find(checkout.orgId()).isEmpty()) {
      // The organization was deleted after paying: recorded, nothing to credit.
      LOG.warning(
          () -> "paid checkout " + checkout.sessionId() + " of a deleted organization " + org);
      return true;
    }
    ledger.grant(
        Ids.newId(),
        checkout.orgId(),
        "stripe:checkout:" + checkout.sessionId(),
        "purchase",
        false,
        checkout.credits(),
        "Stripe checkout " + checkout.sessionId(),
        null);
    return true;
  }

  /** A checkout paid, as read from a verified event; empty for any other event. */
  record PaidCheckout(String sessionId, UUID orgId, long credits) {}

  static Optional<PaidCheckout> paidCheckout(PaymentEvent event) {
    if (!"stripe".equals(event.provider()) || !CHECKOUT_PAID.contains(event.type())) {
      return Optional.empty();
    }
    JsonObject session = event.object();
    if (!"paid".equals(text(session, "payment_status"))) {
      return Optional.empty();
    }
    JsonObject metadata =
        session.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
    String sessionId = text(session, "id");
    String org = text(metadata, "org_id");
    String credits = text(metadata, "credits");
    if (sessionId == null || org == null || credits == null) {
      return Optional.empty();
    }
    try {
      long amount = Long.parseLong(credits);
      return amount > 0
          ? Optional.of(new PaidCheckout(sessionId, UUID.fromString(org), amount))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonObject object, String name) {
    return object.get(name) instanceof JsonString s ? s.getString() : null;
  }
}
