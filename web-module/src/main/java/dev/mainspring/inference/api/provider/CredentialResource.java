package dev.mainspring.inference.api.provider;

import dev.mainspring.inference.service.provider.CredentialService;
import dev.mainspring.inference.service.provider.CredentialView;
import dev.mainspring.inference.service.provider.NewCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** ModelOps saved credentials (document C), superadmins only. Secrets go in, never out. */
@Path("v1/modelops/credentials")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class CredentialResource {

  @Inject CredentialService credentials;

  /** The saved credentials, without secrets. */
  public record CredentialList(List<CredentialView> credentials) {}

  @GET
  public CredentialList list() {
    return new CredentialList(credentials.list());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid NewCredential body) {
    return Response.status(Response.Status.CREATED).entity(credentials.create(body)).build();
  }

  @DELETE
  @Path("{credential_id}")
  public Response delete(@PathParam("credential_id") UUID credentialId) {
    credentials.delete(credentialId);
    return Response.noContent().build();
  }
}
