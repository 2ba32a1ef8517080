package dev.mainspring.billing.api;

import dev.mainspring.billing.service.BillingAdminService;
import dev.mainspring.billing.service.GrantRequest;
import dev.mainspring.billing.service.GrantView;
import dev.mainspring.billing.service.PlanRequest;
import dev.mainspring.billing.service.PlanView;
import dev.mainspring.billing.service.PriceRequest;
import dev.mainspring.billing.service.PriceView;
import dev.mainspring.billing.service.ReconciliationView;
import dev.mainspring.billing.service.SubscriptionRequest;
import dev.mainspring.billing.service.SubscriptionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** The operator's billing: prices, plans, subscriptions and credit grants; superadmins only. */
@Path("v1/platform/billing")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class BillingAdminResource {

  @Inject BillingAdminService admin;

  /** Price versions, by model then effective time. */
  public record PriceList(List<PriceView> prices) {}

  /** Every plan, inactive ones too. */
  public record PlanList(List<PlanView> plans) {}

  @GET
  @Path("prices")
  public PriceList prices(@QueryParam("model") String model) {
    return new PriceList(admin.prices(model));
  }

  @POST
  @Path("prices")
  public Response setPrice(@NotNull PriceRequest body) {
    return Response.status(Response.Status.CREATED).entity(admin.setPrice(body)).build();
  }

  @GET
  @Path("plans")
  public PlanList plans() {
    return new PlanList(admin.allPlans());
  }

  @POST
  @Path("plans")
  public Response createPlan(@NotNull PlanRequest body) {
    return Response.status(Response.Status.CREATED).entity(admin.createPlan(body)).build();
  }

  @PUT
  @Path("organizations/{org_id}/subscription")
  public SubscriptionView subscribe(
      @PathParam("org_id") UUID orgId, @NotNull SubscriptionRequest body) {
    return admin.subscribe(orgId, body);
  }

  @GET
  @Path("reconciliation")
  public ReconciliationView reconciliation() {
    return admin.reconcile();
  }

  @POST
  @Path("organizations/{org_id}/grants")
  public Response grant(@PathParam("org_id") UUID orgId, @NotNull GrantRequest body) {
    GrantView granted = admin.grant(orgId, body);
    return Response.status(granted.granted() ? Response.Status.CREATED : Response.Status.OK)
        .entity(granted)
        .build();
  }
}
