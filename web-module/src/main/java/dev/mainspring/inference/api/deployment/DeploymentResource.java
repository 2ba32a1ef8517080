package dev.mainspring.inference.api.deployment;

import dev.mainspring.inference.service.deployment.BindingChange;
import dev.mainspring.inference.service.deployment.CloneRequest;
import dev.mainspring.inference.service.deployment.DeploymentActivation;
import dev.mainspring.inference.service.deployment.DeploymentChanges;
import dev.mainspring.inference.service.deployment.DeploymentRequest;
import dev.mainspring.inference.service.deployment.DeploymentService;
import dev.mainspring.inference.service.deployment.DeploymentView;
import dev.mainspring.platform.api.ETags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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

/** Deployment profiles of document C's control plane, superadmins only. */
@Path("v1/platform/deployments")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class DeploymentResource {

  @Inject DeploymentService deployments;
  @Inject DeploymentActivation activation;

  /** The deployment profiles, by slug. */
  public record DeploymentList(List<DeploymentView> deployments) {}

  @GET
  public DeploymentList list() {
    return new DeploymentList(deployments.list());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid DeploymentRequest body, @Context UriInfo uri) {
    return created(deployments.create(body), uri);
  }

  @GET
  @Path("{deployment_id}")
  public Response get(@PathParam("deployment_id") UUID deploymentId) {
    return withETag(deployments.get(deploymentId));
  }

  @PATCH
  @Path("{deployment_id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public Response update(
      @PathParam("deployment_id") UUID deploymentId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid DeploymentChanges body) {
    return withETag(deployments.update(deploymentId, body, ETags.expectedVersion(ifMatch)));
  }

  @PUT
  @Path("{deployment_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response replace(
      @PathParam("deployment_id") UUID deploymentId,
      @HeaderParam("If-Match") String ifMatch,
      @NotNull @Valid DeploymentRequest body) {
    return withETag(deployments.replace(deploymentId, body, ETags.expectedVersion(ifMatch)));
  }

  @PUT
  @Path("{deployment_id}/bindings/{capability}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response putBinding(
      @PathParam("deployment_id") UUID deploymentId,
      @PathParam("capability") String capability,
      @NotNull BindingChange body) {
    return withETag(deployments.putBinding(deploymentId, capability, body));
  }

  @POST
  @Path("{deployment_id}/clone")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response copy(
      @PathParam("deployment_id") UUID deploymentId,
      @NotNull @Valid CloneRequest body,
      @Context UriInfo uri) {
    return created(deployments.copy(deploymentId, body), uri);
  }

  @DELETE
  @Path("{deployment_id}")
  public Response delete(
      @PathParam("deployment_id") UUID deploymentId, @HeaderParam("If-Match") String ifMatch) {
    deployments.delete(deploymentId, ETags.expectedVersion(ifMatch));
    return Response.noContent().build();
  }

  @POST
  @Path("{deployment_id}/activate")
  public Response activate(@PathParam("deployment_id") UUID deploymentId) {
    return withETag(activation.activate(deploymentId));
  }

  private static Response created(DeploymentView deployment, UriInfo uri) {
    return Response.created(
            uri.getBaseUriBuilder()
                .path(DeploymentResource.class)
                .path(deployment.id().toString())
                .build())
        .tag(ETags.of(deployment.version()))
        .entity(deployment)
        .build();
  }

  private static Response withETag(DeploymentView deployment) {
    return Response.ok(deployment).tag(ETags.of(deployment.version())).build();
  }
}
