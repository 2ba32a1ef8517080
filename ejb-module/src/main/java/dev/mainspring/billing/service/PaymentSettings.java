package dev.mainspring.billing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Payment configuration keys (documented in docs/operations.md). Without a Stripe secret key the
 * checkout answers 503 {@code payments_not_configured}; without a webhook secret every Stripe
 * delivery is refused.
 */
@ApplicationScoped
public class PaymentSettings {

  @Inject
  @ConfigProperty(name = "mainspring.billing.stripe.secret-key")
  Optional<String> stripeSecretKey;

  @Inject
  @ConfigProperty(name = "mainspring.billing.stripe.webhook-secret")
  Optional<String> stripeWebhookSecret;

  @Inject
  @ConfigProperty(name = "mainspring.billing.stripe.api-base")
  Optional<String> stripeApiBase;

  @Inject
  @ConfigProperty(name = "mainspring.billing.polar.webhook-secret")
  Optional<String> polarWebhookSecret;

  @Inject
  @ConfigProperty(name = "mainspring.billing.currency", defaultValue = "usd")
  String currency;

  @Inject
  @ConfigProperty(name = "mainspring.billing.credits-per-cent", defaultValue = "10000")
  long creditsPerCent;

  @Inject
  @ConfigProperty(name = "mainspring.billing.checkout.min-cents", defaultValue = "100")
  long minCents;

  @Inject
  @ConfigProperty(name = "mainspring.billing.checkout.max-cents", defaultValue = "1000000")
  long maxCents;

  public Optional<String> stripeSecretKey() {
    return stripeSecretKey.filter(s -> !s.isBlank());
  }

  public Optional<String> stripeWebhookSecret() {
    return stripeWebhookSecret.filter(s -> !s.isBlank());
  }

  public Optional<String> polarWebhookSecret() {
    return polarWebhookSecret.filter(s -> !s.isBlank());
  }

  /** Another base URL for Stripe's API (a test's stub); empty for Stripe's own. */
  public Optional<String> stripeApiBase() {
    return stripeApiBase.filter(s -> !s.isBlank());
  }

  /** The currency of purchases, ISO 4217 in lower case. */
  public String currency() {
    return currency.toLowerCase(java.util.Locale.ROOT);
  }

  /** Micro-credits bought by one cent (10,000 by default: one credit per dollar). */
  public long creditsPerCent() {
    return creditsPerCent;
  }

  public long minCents() {
    return minCents;
  }

  public long maxCents() {
    return maxCents;
  }
}
