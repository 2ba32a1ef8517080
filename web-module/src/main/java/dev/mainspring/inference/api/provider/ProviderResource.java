package dev.mainspring.inference.api.provider;

import dev.mainspring.inference.service.provider.LoadedModelRequest;
import dev.mainspring.inference.service.provider.ProviderCheck;
import dev.mainspring.inference.service.provider.ProviderRequest;
import dev.mainspring.inference.service.provider.ProviderService;
import dev.mainspring.inference.service.provider.ProviderView;
import dev.mainspring.platform.api.ETags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/** Provider instances of document C's control plane, superadmins only. */
@Path("v1/platform/providers")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ProviderResource {

  @Inject ProviderService providers;

  /** The provider instances, by slug. */
  public record ProviderList(List<ProviderView> providers) {}

  @GET
  public ProviderList list() {
    return new ProviderList(providers.list());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid ProviderRequest body, @Context UriInfo uri) {
    ProviderView created = providers.create(body);
    return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
        .tag(ETags.of(created.version()))
        .entity(created)
        .build();
  }

  @GET
  @Path("{provider_id}")
  public Response get(@PathParam("provider_id") UUID providerId) {
    return withETag(providers.get(providerId));
  }

  @PUT
  @Path("{provider_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replace(
      @PathParam("provider_id") UUID providerId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid ProviderRequest body) {
    return withETag(providers.replace(providerId, body, ETags.expectedVersion(ifMatch)));
  }

  @DELETE
  @Path("{provider_id}")
  public Response delete(
      @PathParam("provider_id") UUID providerId, @HeaderParam("If-Match") String ifMatch) {
    providers.delete(providerId, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }

  @POST
  @Path("{provider_id}/validate")
  public ProviderCheck validate(@PathParam("provider_id") UUID providerId) {
    return providers.validate(providerId);
  }

  @POST
  @Path("{provider_id}/loaded-model")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response loadModel(
      @PathParam("provider_id") UUID providerId, @NotNull @Valid LoadedModelRequest body) {
    return withETag(providers.loadModel(providerId, body));
  }

  @DELETE
  @Path("{provider_id}/loaded-model")
  public Response unloadModel(@PathParam("provider_id") UUID providerId) {
    return withETag(providers.unloadModel(providerId));
  }

  private static Response withETag(ProviderView provider) {
    return Response.ok(provider).tag(ETags.of(provider.version())).build();
  }
}
