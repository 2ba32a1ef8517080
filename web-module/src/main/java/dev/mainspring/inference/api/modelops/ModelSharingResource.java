package dev.mainspring.inference.api.modelops;

import dev.mainspring.inference.service.modelops.SharingChange;
import dev.mainspring.inference.service.modelops.SharingService;
import dev.mainspring.inference.service.modelops.SharingView;
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
import java.util.List;

/** Model governance (document C's ModelOps sharing), superadmins only: who may use which model. */
@Path("v1/modelops/sharing")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ModelSharingResource {

  @Inject SharingService sharing;

  /** The sharing rule of every managed model. */
  public record SharingList(List<SharingView> sharing) {}

  @GET
  public SharingList list() {
    return new SharingList(sharing.list());
  }

  /** Replaces one model's rule; answers it. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public SharingView set(@NotNull @Valid SharingChange body) {
    return sharing.set(body);
  }
}
