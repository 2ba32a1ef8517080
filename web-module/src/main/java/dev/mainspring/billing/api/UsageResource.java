package dev.mainspring.billing.api;

import dev.mainspring.billing.service.UsageService;
import dev.mainspring.billing.service.UsageView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Document B's usage of the caller's organization: this quota period's calls, tokens and credits
 * spent, per model, or those of the days {@code ?from=YYYY-MM-DD&to=YYYY-MM-DD}.
 */
@Path("api/usage")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class UsageResource {

  @Inject UsageService usage;

  @GET
  public UsageView usage(@QueryParam("from") String from, @QueryParam("to") String to) {
    return usage.usage(from, to);
  }
}
