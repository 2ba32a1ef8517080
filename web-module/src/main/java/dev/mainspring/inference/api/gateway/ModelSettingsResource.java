package dev.mainspring.inference.api.gateway;

import dev.mainspring.inference.service.gateway.ModelSettingsChange;
import dev.mainspring.inference.service.gateway.ModelSettingsService;
import dev.mainspring.inference.service.gateway.ModelSettingsView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A user's model settings (document A's settings for models). */
@Path("api/settings/models")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ModelSettingsResource {

  @Inject ModelSettingsService service;

  @GET
  public ModelSettingsView settings() {
    return service.get();
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public ModelSettingsView update(@NotNull @Valid ModelSettingsChange change) {
    return service.update(change);
  }
}
