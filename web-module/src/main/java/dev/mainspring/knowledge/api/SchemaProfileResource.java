package dev.mainspring.knowledge.api;

import dev.mainspring.knowledge.service.SchemaProfileRequest;
import dev.mainspring.knowledge.service.SchemaProfileService;
import dev.mainspring.knowledge.service.SchemaProfileView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Schema profiles keyed by vector-store provider family: admins read (optionally one family with
 * {@code ?provider_key=}), superadmins add.
 */
@Path("v1/context/schema-profiles")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class SchemaProfileResource {

  @Inject SchemaProfileService profiles;

  /** The profiles, by family, built-in templates first. */
  public record SchemaProfileList(List<SchemaProfileView> schemaProfiles) {}

  @GET
  public SchemaProfileList list(@QueryParam("provider_key") String providerKey) {
    return new SchemaProfileList(profiles.list(providerKey));
  }

  /** 201 with the profile; profiles have no address of their own in document C. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid SchemaProfileRequest body) {
    return Response.status(Response.Status.CREATED).entity(profiles.create(body)).build();
  }
}
