package dev.mainspring.billing.service;

import com.stripe.Stripe;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.checkout.SessionCreateParams;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;

/**
 * {@link PaymentProvider} on Stripe, through the official {@code stripe-java} client: a checkout
 * session in {@code payment} mode for a purchase of credits (the organization and the credits in
 * its metadata, which Stripe returns signed in the completion event), and webhook deliveries
 * verified by the client's {@link Webhook#constructEvent} ({@code Stripe-Signature: t=...,v1=...},
 * HMAC-SHA256 over {@code t.body}, {@value #TOLERANCE_SECONDS} s tolerance).
 */
@ApplicationScoped
public class StripePayments implements PaymentProvider {

  /** How old a delivery's timestamp may be: Stripe's own default, which bounds replays. */
  static final long TOLERANCE_SECONDS = 300;

  @Inject PaymentSettings settings;

  @PostConstruct
  void configure() {
    // The client's API base is process-wide; only a test deployment points it elsewhere.
    settings.stripeApiBase().ifPresent(Stripe::overrideApiBase);
  }

  @Override
  public String name() {
    return "stripe";
  }

  @Override
  public CheckoutLink checkout(CheckoutOrder order) {
    String key = settings.stripeSecretKey().orElseThrow(() -> notConfigured());
    SessionCreateParams params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl(order.successUrl())
            .setCancelUrl(order.cancelUrl())
            .setClientReferenceId(order.orgId().toString())
            .putMetadata("org_id", order.orgId().toString())
            .putMetadata("credits", Long.toString(order.credits()))
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(
                        SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency(order.currency())
                            .setUnitAmount(order.amountCents())
                            .setProductData(
                                SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName("Credits")
                                    .build())
                            .build())
                    .build())
            .build();
    return create(key, params);
  }

  @Override
  public CheckoutLink checkoutPlan(PlanOrder order) {
    String key = settings.stripeSecretKey().orElseThrow(() -> notConfigured());
    SessionCreateParams params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setSuccessUrl(order.successUrl())
            .setCancelUrl(order.cancelUrl())
            .setClientReferenceId(order.orgId().toString())
            .putMetadata("org_id", order.orgId().toString())
            .putMetadata("plan", order.planSlug())
            // the subscription carries them too, so its renewals' invoices and its deletion say
            // which organization and plan they are about
            .setSubscriptionData(
                SessionCreateParams.SubscriptionData.builder()
                    .putMetadata("org_id", order.orgId().toString())
                    .putMetadata("plan", order.planSlug())
                    .build())
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(
                        SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency(order.currency())
                            .setUnitAmount(order.amountCents())
                            .setRecurring(
                                SessionCreateParams.LineItem.PriceData.Recurring.builder()
                                    .setInterval(
                                        SessionCreateParams.LineItem.PriceData.Recurring.Interval
                                            .MONTH)
                                    .build())
                            .setProductData(
                                SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName(order.planName())
                                    .build())
                            .build())
                    .build())
            .build();
    return create(key, params);
  }

  private static CheckoutLink create(String key, SessionCreateParams params) {
    try {
      Session session =
          Session.create(
              params,
              RequestOptions.builder()
                  .setApiKey(key)
                  .setMaxNetworkRetries(2)
                  .setConnectTimeout(5_000)
                  .setReadTimeout(20_000)
                  .build());
      return new CheckoutLink(session.getId(), session.getUrl());
    } catch (StripeException e) {
      throw PaymentProviderException.failed(
          "Stripe",
          e.getStripeError() == null
              ? e.getClass().getSimpleName()
              : e.getStripeError().getMessage());
    }
  }

  @Override
  public PaymentEvent verify(String payload, Map<String, String> headers) {
    String secret = settings.stripeWebhookSecret().orElseThrow(() -> notConfigured());
    String signature = headers.get("stripe-signature");
    if (signature == null || signature.isBlank()) {
      throw PaymentProviderException.invalidSignature("the Stripe-Signature header is missing");
    }
    Event event;
    try {
      event = Webhook.constructEvent(payload, signature, secret, TOLERANCE_SECONDS);
    } catch (SignatureVerificationException e) {
      throw PaymentProviderException.invalidSignature(
          "the Stripe-Signature does not verify: " + e.getMessage());
    } catch (RuntimeException e) {
      // A signed body that is not an event (the client's JSON parser refuses it).
      throw PaymentProviderException.invalidSignature("the delivery is not a Stripe event");
    }
    if (event.getId() == null || event.getType() == null) {
      throw PaymentProviderException.invalidSignature("the delivery is not a Stripe event");
    }
    return new PaymentEvent(
        name(),
        event.getId(),
        event.getType(),
        dataObject(payload),
        event.getCreated() == null ? null : Instant.ofEpochSecond(event.getCreated()));
  }

  /**
   * The event's {@code data.object}, read from the verified body rather than through the client's
   * typed models, which answer nothing for an object of another API version.
   */
  private static JsonObject dataObject(String payload) {
    try (JsonReader reader = Json.createReader(new StringReader(payload))) {
      JsonObject data = reader.readObject().getJsonObject("data");
      JsonObject object = data == null ? null : data.getJsonObject("object");
      return object == null ? JsonObject.EMPTY_JSON_OBJECT : object;
    } catch (JsonException | ClassCastException e) {
      throw PaymentProviderException.invalidSignature("the delivery is not a Stripe event");
    }
  }

  private static PaymentProviderException notConfigured() {
    return PaymentProviderException.notConfigured("Stripe");
  }
}
