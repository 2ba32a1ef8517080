package dev.mainspring.catalog.api;

import dev.mainspring.identity.service.CallerResolver;
import dev.mainspring.identity.service.CurrentCaller;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.error.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * Document C's internal execution contract, for services holding the service token ({@code
 * X-Service-Token}; {@code X-Request-Id} is taken and echoed as everywhere). The caller acts for a
 * user of an organization, named in the body ({@code org_id}, {@code user_id}) or, for {@code GET},
 * the query: the execution then has exactly that user's rights. The engine runs in-process, so this
 * is the same execution as {@code /v1/agent-executions}, reachable by a worker.
 */
@Path("v1/internal/agent-executions")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class InternalExecutionResource {

  @Inject Executions executions;
  @Inject CallerResolver callers;
  @Inject CurrentCaller currentCaller;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public void start(JsonObject body, @Suspended AsyncResponse async) {
    JsonObject checked = Bodies.required(body);
    actFor(string(checked, "org_id"), string(checked, "user_id"));
    executions.start(checked, "v1/internal/agent-executions/", async);
  }

  @GET
  @Path("{id}")
  public ExecutionResponse get(
      @PathParam("id") UUID id,
      @QueryParam("org_id") String orgId,
      @QueryParam("user_id") String userId) {
    actFor(orgId, userId);
    return executions.get(id);
  }

  private void actFor(String orgId, String userId) {
    UUID org = QueryParams.uuid("org_id", orgId);
    UUID user = QueryParams.uuid("user_id", userId);
    if (org == null || user == null) {
      throw new InvalidRequestException(
          "acting_user_required", "an internal execution names org_id and user_id to act for");
    }
    currentCaller.set(callers.forMember(user, org));
  }

  private static String string(JsonObject body, String name) {
    return body.get(name) instanceof JsonString s ? s.getString() : null;
  }
}
