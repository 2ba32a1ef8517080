package dev.mainspring.identity.api;

import dev.mainspring.identity.service.apikey.ApiKeyService;
import dev.mainspring.identity.service.apikey.ApiKeyView;
import dev.mainspring.identity.service.apikey.NewApiKey;
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

/** API keys of the request's organization (document D's {@code /api-keys}). */
@Path("api-keys")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ApiKeyResource {

  @Inject ApiKeyService keys;

  /** The active keys, without secrets. */
  public record KeyList(List<ApiKeyView> apiKeys) {}

  /** Creates a key; the answer carries its secret, the only time it is shown. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid NewApiKey body) {
    return Response.status(Response.Status.CREATED)
        .entity(keys.create(body))
        .header("Cache-Control", "no-store")
        .build();
  }

  @GET
  public KeyList list() {
    return new KeyList(keys.list());
  }

  @DELETE
  @Path("{key_id}")
  public Response revoke(@PathParam("key_id") UUID keyId) {
    keys.revoke(keyId);
    return Response.noContent().build();
  }
}
