package dev.mainspring.billing.api;

import dev.mainspring.billing.service.ByokKeyRequest;
import dev.mainspring.billing.service.ByokKeyService;
import dev.mainspring.billing.service.ByokKeyStatusView;
import dev.mainspring.billing.service.ByokKeyTests;
import dev.mainspring.billing.service.ByokKeys;
import dev.mainspring.billing.service.ByokTestView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Document E's bring-your-own-key group, {@code /api/billing/openrouter-key}: the caller stores,
 * reads the status of, removes and tests their own provider key. With {@code ?scope=organization}
 * the same requests act on the organization's key (admins change it, members see its status). The
 * key is never returned.
 */
@Path("api/billing/openrouter-key")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class ByokKeyResource {

  @Inject ByokKeyService keys;
  @Inject ByokKeyTests tests;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public ByokKeyStatusView store(@QueryParam("scope") String scope, String body) {
    ByokKeyRequest request = ByokKeyRequest.parse(body);
    return ByokKeys.organizationScope(scope)
        ? keys.storeForOrganization(request)
        : keys.store(request);
  }

  @GET
  @Path("status")
  public ByokKeyStatusView status(@QueryParam("scope") String scope) {
    return ByokKeys.organizationScope(scope) ? keys.organizationStatus() : keys.status();
  }

  @DELETE
  public Response delete(@QueryParam("scope") String scope) {
    if (ByokKeys.organizationScope(scope)) {
      keys.deleteForOrganization();
    } else {
      keys.delete();
    }
    return Response.noContent().build();
  }

  /** Tests the stored key, or the {@code api_key} (and {@code base_url}) of the body. */
  @POST
  @Path("test")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
  public ByokTestView test(@QueryParam("scope") String scope, String body) {
    boolean organization = ByokKeys.organizationScope(scope);
    return tests.test(ByokKeyRequest.parse(body), organization);
  }
}
