package dev.mainspring.flags.api;

import dev.mainspring.flags.service.FeatureFlagRequest;
import dev.mainspring.flags.service.FeatureFlagService;
import dev.mainspring.flags.service.FeatureFlagView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Superadmins set the installation's feature flags (served or not to other callers). */
@Path("v1/platform/feature-flags")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class PlatformFeatureFlagResource {

  @Inject FeatureFlagService flags;

  /** Every flag, by name, and whether signed-in callers are served them. */
  public record FlagList(boolean served, List<FeatureFlagView> flags) {}

  @GET
  public FlagList list() {
    List<FeatureFlagView> all = flags.all();
    return new FlagList(flags.served(), all);
  }

  /** Sets a flag: 201 with its Location when it is new, 200 when it was there. */
  @PUT
  @Path("{flag_name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(
      @PathParam("flag_name") String name, @NotNull JsonObject body, @Context UriInfo uri) {
    FeatureFlagService.Written written = flags.put(name, FeatureFlagRequest.of(body));
    return written.created()
        ? Response.created(uri.getAbsolutePath()).entity(written.flag()).build()
        : Response.ok(written.flag()).build();
  }

  @DELETE
  @Path("{flag_name}")
  public Response delete(@PathParam("flag_name") String name) {
    flags.delete(name);
    return Response.noContent().build();
  }
}
