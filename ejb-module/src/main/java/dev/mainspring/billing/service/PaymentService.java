package dev.mainspring.billing.service;

import dev.mainspring.identity.service.Caller;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.error.ForbiddenException;
import dev.mainspring.platform.error.InvalidRequestException;
import dev.mainspring.platform.error.NotFoundException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.util.Map;

/**
 * Purchases and the provider's webhooks. Runs without a transaction: every method calls the
 * provider or verifies a signature first, and only then writes, in {@link PaymentEvents}' own short
 * transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PaymentService {

  static final String WRITE = "billing:write";

  @Inject CurrentCaller currentCaller;
  @Inject PaymentSettings settings;
  @Inject StripePayments stripe;
  @Inject PaymentEvents events;
  @Inject BillingService billing;

  /**
   * Opens a Stripe checkout for credits of the caller's organization; an organization admin's (API
   * keys need {@code billing:write}). Nothing is written: the credits arrive with the provider's
   * signed completion event.
   */
  public CheckoutView createCheckout(CheckoutRequest request) {
    Caller caller = currentCaller.require(WRITE);
    java.util.UUID org = caller.requireOrg();
    if (!caller.isAdmin()) {
      throw new ForbiddenException(
          "admin_required", "only an organization admin may buy credits for it");
    }
    if (request == null
        || request.amountCents() == null
        || request.amountCents() < settings.minCents()
        || request.amountCents() > settings.maxCents()) {
      throw new InvalidRequestException(
          "invalid_amount",
          "amount_cents must be between " + settings.minCents() + " and " + settings.maxCents());
    }
    String success = url("success_url", request.successUrl());
    String cancel = url("cancel_url", request.cancelUrl());
    long credits = Math.multiplyExact(request.amountCents(), settings.creditsPerCent());
    CheckoutLink link =
        stripe.checkout(
            new CheckoutOrder(
                org, request.amountCents(), settings.currency(), credits, success, cancel));
    return new CheckoutView(
        link.sessionId(), link.url(), request.amountCents(), settings.currency(), credits);
  }

  /**
   * Opens a Stripe checkout of a monthly subscription to an active plan with a price, for the
   * caller's organization; an organization admin's ({@code billing:write}). Nothing changes until
   * Stripe's signed completion event puts the organization on the plan.
   */
  public UpgradeView upgradePlan(UpgradeRequest request) {
    Caller caller = currentCaller.require(WRITE);
    java.util.UUID org = caller.requireOrg();
    if (!caller.isAdmin()) {
      throw new ForbiddenException(
          "admin_required", "only an organization admin may change its plan");
    }
    if (request == null || request.plan() == null || request.plan().isBlank()) {
      throw new InvalidRequestException("invalid_plan", "name the plan by its slug");
    }
    PlanView plan =
        billing.plans().stream()
            .filter(p -> p.slug().equals(request.plan()))
            .findFirst()
            .orElseThrow(
                () -> new NotFoundException("plan_not_found", "no active plan " + request.plan()));
    if (plan.priceCents() <= 0) {
      throw new InvalidRequestException(
          "plan_not_purchasable", "plan " + plan.slug() + " has no price to pay");
    }
    String success = url("success_url", request.successUrl());
    String cancel = url("cancel_url", request.cancelUrl());
    CheckoutLink link =
        stripe.checkoutPlan(
            new PlanOrder(
                org,
                plan.slug(),
                plan.name(),
                plan.priceCents(),
                plan.currency().toLowerCase(java.util.Locale.ROOT),
                success,
                cancel));
    return new UpgradeView(
        link.sessionId(), link.url(), plan.slug(), plan.priceCents(), plan.currency());
  }

  /**
   * Verifies and applies a Stripe webhook delivery; answers whether it was applied now (false for a
   * redelivery, which changes nothing).
   *
   * @throws PaymentProviderException 400 {@code invalid_signature} for a forged or stale delivery,
   *     which changes nothing
   */
  public boolean stripeWebhook(String payload, Map<String, String> headers) {
    PaymentEvent event = stripe.verify(payload, headers);
    return events.apply(event);
  }

  /**
   * Verifies ({@link StandardWebhooks}, the id being the {@code webhook-id} header) and applies a
   * Polar webhook delivery; answers whether it was applied now.
   *
   * @throws PaymentProviderException 400 {@code invalid_signature} for a forged or stale delivery,
   *     503 {@code payments_not_configured} without a Polar webhook secret
   */
  public boolean polarWebhook(String payload, Map<String, String> headers) {
    String secret =
        settings
            .polarWebhookSecret()
            .orElseThrow(() -> PaymentProviderException.notConfigured("Polar"));
    String id = headers.get("webhook-id");
    StandardWebhooks.verify(
        secret,
        id,
        headers.get("webhook-timestamp"),
        headers.get("webhook-signature"),
        payload,
        System.currentTimeMillis() / 1000);
    JsonObject body;
    try (JsonReader reader = Json.createReader(new StringReader(payload))) {
      body = reader.readObject();
    } catch (JsonException e) {
      throw PaymentProviderException.invalidSignature("the delivery is not a Polar event");
    }
    if (!(body.get("type") instanceof JsonString type) || type.getString().length() > 100) {
      throw PaymentProviderException.invalidSignature("the delivery is not a Polar event");
    }
    JsonObject data = body.get("data") instanceof JsonObject d ? d : JsonObject.EMPTY_JSON_OBJECT;
    if (id.length() > 255) {
      throw PaymentProviderException.invalidSignature("webhook-id is longer than 255 characters");
    }
    return events.apply(new PaymentEvent("polar", id, type.getString(), data));
  }

  private static String url(String name, String value) {
    if (value == null || value.isBlank() || value.length() > 2000) {
      throw new InvalidRequestException(
          "invalid_" + name, name + " must be an absolute http(s) URL of at most 2000 characters");
    }
    try {
      URI uri = URI.create(value);
      if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException(value);
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "invalid_" + name, name + " must be an absolute http(s) URL of at most 2000 characters");
    }
  }
}
