package dev.mainspring.platform.api;

import dev.mainspring.platform.service.ComponentHealth;
import dev.mainspring.platform.service.HealthService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health checks, served by the server at /health/live and /health/ready: live while
 * the application is deployed, ready while PostgreSQL answers. Anyone may read them, so they say up
 * or down and nothing about versions or paths; operators read those at /api/health/deep.
 */
@ApplicationScoped
public class HealthChecks {

  @Inject HealthService health;

  @Produces
  @Liveness
  HealthCheck application() {
    return () -> HealthCheckResponse.up("mainspring");
  }

  @Produces
  @Readiness
  HealthCheck database() {
    return () -> {
      ComponentHealth db = health.database();
      return HealthCheckResponse.named("database").status(db.healthy()).build();
    };
  }
}
