package dev.mainspring.platform.api;

import dev.mainspring.platform.service.InstanceInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;

/**
 * Service-to-service endpoints (document B's {@code /api/internal/*}), for workers that hold the
 * service token. {@code GET /api/internal/health} lets a worker check that it reaches this instance
 * and that its token is accepted.
 */
@Path("api/internal")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class InternalResource {

  @Inject InstanceInfo instance;

  /** The instance a worker reached, and as whom. */
  @JsonbPropertyOrder({"status", "timestamp", "instanceId", "caller"})
  public record InternalHealth(
      String status, Instant timestamp, String instanceId, String caller) {}

  @GET
  @Path("health")
  public InternalHealth health(@Context SecurityContext security) {
    return new InternalHealth(
        "healthy", Instant.now(), instance.id(), security.getUserPrincipal().getName());
  }
}
