package dev.mainspring.billing.api;

import dev.mainspring.billing.service.LimitsView;
import dev.mainspring.billing.service.UsageService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Document B's limits of the caller's organization: its plan's limits and what is used of each. */
@Path("api/limits")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class LimitsResource {

  @Inject UsageService usage;

  @GET
  public LimitsView limits() {
    return usage.limits();
  }
}
