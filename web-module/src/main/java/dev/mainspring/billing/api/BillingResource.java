package dev.mainspring.billing.api;

import dev.mainspring.billing.service.BillingService;
import dev.mainspring.billing.service.BillingStatusView;
import dev.mainspring.billing.service.CheckoutRequest;
import dev.mainspring.billing.service.CheckoutView;
import dev.mainspring.billing.service.MemberAllowanceEntry;
import dev.mainspring.billing.service.PaymentService;
import dev.mainspring.billing.service.PlanView;
import dev.mainspring.billing.service.SubscriptionView;
import dev.mainspring.billing.service.UpgradeRequest;
import dev.mainspring.billing.service.UpgradeView;
import dev.mainspring.billing.service.UsageEntryView;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Document E's billing endpoints for the caller's organization, and Stripe's webhook ({@code POST
 * /api/billing/webhook}, public: its signature is its authentication).
 */
@Path("api/billing")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class BillingResource {

  @Inject BillingService billing;
  @Inject PaymentService payments;

  /** What a webhook delivery is answered: whether this delivery applied the event. */
  public record WebhookAnswer(boolean received, boolean applied) {}

  /** A page of the credit history, newest first; {@code next_cursor} null on the last page. */
  @JsonbPropertyOrder({"entries", "nextCursor"})
  public record UsageHistory(List<UsageEntryView> entries, String nextCursor) {}

  /** The plans on offer. */
  public record PlanList(List<PlanView> plans) {}

  @GET
  @Path("status")
  public BillingStatusView status() {
    return billing.status();
  }

  /** Every member's allowance in the caller's organization. */
  public record MemberAllowances(List<MemberAllowanceEntry> memberAllowances) {}

  @GET
  @Path("member-allowances")
  public MemberAllowances memberAllowances() {
    return new MemberAllowances(billing.memberAllowances());
  }

  @GET
  @Path("subscription")
  public SubscriptionView subscription() {
    return billing.subscription();
  }

  @GET
  @Path("usage-history")
  public UsageHistory usageHistory(
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    Page<UsageEntryView> page = billing.usageHistory(QueryParams.page(limit, cursor));
    return new UsageHistory(page.items(), page.nextCursor());
  }

  @GET
  @Path("plans")
  public PlanList plans() {
    return new PlanList(billing.plans());
  }

  @POST
  @Path("create-checkout-session")
  @Consumes(MediaType.APPLICATION_JSON)
  public CheckoutView createCheckoutSession(CheckoutRequest request) {
    return payments.createCheckout(request);
  }

  @POST
  @Path("upgrade-plan")
  @Consumes(MediaType.APPLICATION_JSON)
  public UpgradeView upgradePlan(UpgradeRequest request) {
    return payments.upgradePlan(request);
  }

  /**
   * Stripe's webhook. The body is read as bytes and decoded as UTF-8 exactly as sent: the signature
   * covers those bytes, so nothing may re-encode them first.
   */
  @POST
  @Path("webhook")
  @Consumes(MediaType.WILDCARD)
  public WebhookAnswer stripeWebhook(byte[] body, @Context HttpHeaders headers) {
    boolean applied =
        payments.stripeWebhook(new String(body, StandardCharsets.UTF_8), lowerCase(headers));
    return new WebhookAnswer(true, applied);
  }

  /** The request's headers, names in lower case, the first value of each. */
  static Map<String, String> lowerCase(HttpHeaders headers) {
    Map<String, String> lower = new HashMap<>();
    headers
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                lower.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    return lower;
  }
}
