package dev.mainspring.billing.api;

import dev.mainspring.billing.service.BillingService;
import dev.mainspring.billing.service.BillingStatusView;
import dev.mainspring.billing.service.PlanView;
import dev.mainspring.billing.service.SubscriptionView;
import dev.mainspring.billing.service.UsageEntryView;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Document E's billing reads, for the caller's organization. */
@Path("api/billing")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class BillingResource {

  @Inject BillingService billing;

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
}
