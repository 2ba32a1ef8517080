package dev.mainspring.billing.api;

import dev.mainspring.billing.service.BillingOperationsService;
import dev.mainspring.billing.service.JobRunView;
import dev.mainspring.billing.service.QuotaStatusView;
import dev.mainspring.billing.service.ReconciliationFindingView;
import dev.mainspring.billing.service.ResetQuotasRequest;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Document E's billing admin group ({@code X-API-Key} admin keys, or a superadmin's token): quota
 * resets, quota status, the billing reconciliation with its findings and the billing jobs' history.
 * The provider model cache's part of the group is the inference context's ({@code
 * ProviderModelCacheResource}).
 */
@Path("api/billing/admin")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class BillingOperationsResource {

  @Inject BillingOperationsService operations;

  /** A page of job runs, newest first; {@code next_cursor} null on the last page. */
  @JsonbPropertyOrder({"jobs", "nextCursor"})
  public record JobList(List<JobRunView> jobs, String nextCursor) {}

  /** A page of reconciliation findings, newest first; {@code next_cursor} null on the last page. */
  @JsonbPropertyOrder({"findings", "nextCursor"})
  public record FindingList(List<ReconciliationFindingView> findings, String nextCursor) {}

  /** Starts the quota reset; 202 with the run as recorded (started, or skipped). */
  @POST
  @Path("reset-quotas")
  @Consumes(MediaType.WILDCARD)
  public Response resetQuotas(String body) {
    ResetQuotasRequest request = ResetQuotasBody.parse(body);
    return Response.accepted(operations.resetQuotas(request)).build();
  }

  @GET
  @Path("quota-status")
  public QuotaStatusView quotaStatus(
      @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
    return operations.quotaStatus(QueryParams.page(limit, cursor));
  }

  @GET
  @Path("jobs")
  public JobList jobs(
      @QueryParam("name") String name,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<JobRunView> page = operations.jobs(name, QueryParams.page(limit, cursor));
    return new JobList(page.items(), page.nextCursor());
  }

  /** Starts the billing reconciliation; 202 with the run as recorded (started, or skipped). */
  @POST
  @Path("reconcile")
  @Consumes(MediaType.WILDCARD)
  public Response reconcile() {
    return Response.accepted(operations.reconcile()).build();
  }

  @GET
  @Path("reconciliation/findings")
  public FindingList findings(
      @QueryParam("run_id") String runId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<ReconciliationFindingView> page =
        operations.findings(QueryParams.uuid("run_id", runId), QueryParams.page(limit, cursor));
    return new FindingList(page.items(), page.nextCursor());
  }
}
