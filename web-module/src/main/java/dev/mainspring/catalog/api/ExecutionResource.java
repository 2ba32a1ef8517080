package dev.mainspring.catalog.api;

import dev.mainspring.billing.api.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/**
 * Document C's agent executions: {@code POST /v1/agent-executions} {@code {"agent_id", "input",
 * "thread_id"?, "model"?, "wait_seconds"?}} runs a catalog agent; {@code GET
 * /v1/agent-executions/{id}} reads it. An execution is a run: it streams at {@code
 * /api/agent-run/{id}/stream} like any other.
 */
@Path("v1/agent-executions")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ExecutionResource {

  @Inject Executions executions;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RateLimited
  public void start(JsonObject body, @Suspended AsyncResponse async) {
    executions.start(Bodies.required(body), "v1/agent-executions/", async);
  }

  @GET
  @Path("{id}")
  public ExecutionResponse get(@PathParam("id") UUID id) {
    return executions.get(id);
  }
}
