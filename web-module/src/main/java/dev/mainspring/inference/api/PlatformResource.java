package dev.mainspring.inference.api;

import dev.mainspring.inference.service.deployment.ActivationEventView;
import dev.mainspring.inference.service.deployment.CapabilityView;
import dev.mainspring.inference.service.deployment.DeploymentService;
import dev.mainspring.inference.service.provider.ProviderFamilyView;
import dev.mainspring.inference.service.provider.ProviderService;
import dev.mainspring.platform.api.QueryParams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The read-only lists of document C's control plane: capabilities (any caller), provider families
 * and the activation audit (superadmins). Providers and deployments have resources of their own.
 */
@Path("v1/platform")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class PlatformResource {

  @Inject ProviderService providers;
  @Inject DeploymentService deployments;

  /** The five capabilities with the active profile's binding of each. */
  public record CapabilityList(List<CapabilityView> capabilities) {}

  /** The provider families. */
  public record FamilyList(List<ProviderFamilyView> providerFamilies) {}

  /** Activation attempts, newest first. */
  public record AuditList(List<ActivationEventView> events) {}

  @GET
  @Path("capabilities")
  public CapabilityList capabilities() {
    return new CapabilityList(deployments.capabilities());
  }

  @GET
  @Path("provider-families")
  public FamilyList families() {
    return new FamilyList(providers.families());
  }

  @GET
  @Path("activation-audit")
  public AuditList audit(@QueryParam("limit") String limit) {
    return new AuditList(
        deployments.audit(QueryParams.limit(limit, DeploymentService.DEFAULT_AUDIT_LIMIT)));
  }
}
