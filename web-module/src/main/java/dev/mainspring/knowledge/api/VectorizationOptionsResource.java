package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.VectorizationOptionsService;
import dev.mainspring.knowledge.service.VectorizationOptionsView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The vectorization choices of a new knowledge base, for admins. */
@Path("v1/context/vectorization-options")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class VectorizationOptionsResource {

  @Inject VectorizationOptionsService options;

  @GET
  public VectorizationOptionsView get() {
    return options.options();
  }
}
