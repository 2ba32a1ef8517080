package dev.mainspring.inference.api.deployment;

import dev.mainspring.inference.service.deployment.ModeChange;
import dev.mainspring.inference.service.deployment.RuntimeProfileService;
import dev.mainspring.inference.service.deployment.RuntimeProfileView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Document C's runtime profile: the mode and what the active deployment profile serves. Readable by
 * every authenticated caller; the mode is a superadmin's to switch.
 */
@Path("v1/runtime/profile")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class RuntimeProfileResource {

  @Inject RuntimeProfileService runtime;

  @GET
  public RuntimeProfileView get() {
    return runtime.get();
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public RuntimeProfileView setMode(@NotNull ModeChange body) {
    return runtime.setMode(body);
  }
}
