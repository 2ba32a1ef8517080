package dev.mainspring.platform.api;

import dev.mainspring.platform.service.ComponentHealth;
import dev.mainspring.platform.service.HealthService;
import dev.mainspring.platform.service.InstanceInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;

/**
 * Document E's health checks. No authentication: load balancers and operators call them. The deep
 * check's components (with the data directory, the database's version and each check's timing) are
 * shown to operators ({@link Operators}: superadmins) only; anyone else learns the status.
 */
@Path("api/health")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class HealthResource {

  @Inject HealthService health;
  @Inject InstanceInfo instance;
  @Inject Operators operators;

  /** Basic health: the server answers. */
  @JsonbPropertyOrder({"status", "timestamp", "instanceId"})
  public record Basic(String status, Instant timestamp, String instanceId) {}

  /**
   * Every component; {@code status} is {@code unhealthy} when a critical one is down. {@code
   * components} is null, and so left out, for callers who are not operators.
   */
  @JsonbPropertyOrder({"status", "timestamp", "instanceId", "components"})
  public record Deep(
      String status,
      Instant timestamp,
      String instanceId,
      @JsonbNillable(false) Map<String, ComponentHealth> components) {}

  @GET
  public Basic basic() {
    return new Basic("healthy", Instant.now(), instance.id());
  }

  @GET
  @Path("deep")
  public Response deep() {
    Map<String, ComponentHealth> components = health.components();
    boolean criticalDown = components.values().stream().anyMatch(c -> c.critical() && !c.healthy());
    boolean anyDown = components.values().stream().anyMatch(c -> !c.healthy());
    String status = criticalDown ? "unhealthy" : anyDown ? "degraded" : "healthy";
    return Response.status(criticalDown ? 503 : 200)
        .entity(
            new Deep(
                status,
                Instant.now(),
                instance.id(),
                operators.callerIsOperator() ? components : null))
        .build();
  }
}
