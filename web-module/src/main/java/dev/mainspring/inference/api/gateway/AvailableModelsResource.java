package dev.mainspring.inference.api.gateway;

import dev.mainspring.inference.service.gateway.AvailableModel;
import dev.mainspring.inference.service.gateway.ModelSettingsService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Document E's {@code GET /api/models/available}: the models the caller may use now. */
@Path("api/models")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class AvailableModelsResource {

  @Inject ModelSettingsService service;

  /** The available models and how many there are. */
  public record AvailableModels(List<AvailableModel> models, int totalModels) {}

  @GET
  @Path("available")
  public AvailableModels available() {
    List<AvailableModel> models = service.available();
    return new AvailableModels(models, models.size());
  }
}
