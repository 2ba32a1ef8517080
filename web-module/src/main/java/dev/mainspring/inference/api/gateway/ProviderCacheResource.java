package dev.mainspring.inference.api.gateway;

import dev.mainspring.inference.service.gateway.ProviderCacheService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Document E's "OpenRouter cache" endpoints of the billing admin group: here the gateway's memory
 * of provider model lists and users' own keys on this instance ({@code ProviderModelCache}).
 */
@Path("api/billing/admin/openrouter-cache")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ProviderCacheResource {

  @Inject ProviderCacheService caches;

  @GET
  @Path("info")
  public ProviderCacheService.CacheInfo info() {
    return caches.info();
  }

  @POST
  @Path("warm")
  @Consumes(MediaType.WILDCARD)
  public ProviderCacheService.CacheInfo warm() {
    return caches.warm();
  }

  @POST
  @Path("clear")
  @Consumes(MediaType.WILDCARD)
  public ProviderCacheService.Cleared clear() {
    return caches.clear();
  }
}
