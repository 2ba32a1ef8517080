package dev.mainspring.identity.api;

import dev.mainspring.identity.service.AuditView;
import dev.mainspring.identity.service.IdentityService;
import dev.mainspring.identity.service.MemberRequest;
import dev.mainspring.identity.service.MemberView;
import dev.mainspring.identity.service.NewOrganization;
import dev.mainspring.identity.service.OrgView;
import dev.mainspring.identity.service.RoleChange;
import dev.mainspring.platform.api.QueryParams;
import dev.mainspring.platform.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** Organizations (document B's Orgs API), their members and audit trail. */
@Path("api/orgs")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class OrganizationResource {

  @Inject IdentityService identity;

  /** Whether a name is free. */
  public record NameCheck(String name, boolean available) {}

  /** The caller's organizations. */
  public record OrgList(List<OrgView> organizations) {}

  /** The members of an organization. */
  public record MemberList(List<MemberView> members) {}

  /** A page of audit events, newest first. */
  public record AuditList(List<AuditView> events, String nextCursor) {}

  @GET
  @Path("check-name")
  public NameCheck checkName(@QueryParam("name") String name) {
    return new NameCheck(name, identity.isNameAvailable(name));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@NotNull @Valid NewOrganization body) {
    return Response.status(Response.Status.CREATED).entity(identity.create(body)).build();
  }

  @GET
  public OrgList list() {
    return new OrgList(identity.list());
  }

  @GET
  @Path("{org_id}")
  public OrgView get(@PathParam("org_id") UUID orgId) {
    return identity.get(orgId);
  }

  @GET
  @Path("{org_id}/members")
  public MemberList members(@PathParam("org_id") UUID orgId) {
    return new MemberList(identity.members(orgId));
  }

  @POST
  @Path("{org_id}/members")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response addMember(@PathParam("org_id") UUID orgId, @NotNull @Valid MemberRequest body) {
    return Response.status(Response.Status.CREATED).entity(identity.addMember(orgId, body)).build();
  }

  @PATCH
  @Path("{org_id}/members/{user_id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public MemberView changeRole(
      @PathParam("org_id") UUID orgId,
      @PathParam("user_id") UUID userId,
      @NotNull @Valid RoleChange body) {
    return identity.changeRole(orgId, userId, body);
  }

  @DELETE
  @Path("{org_id}/members/{user_id}")
  public Response removeMember(@PathParam("org_id") UUID orgId, @PathParam("user_id") UUID userId) {
    identity.removeMember(orgId, userId);
    return Response.noContent().build();
  }

  @GET
  @Path("{org_id}/audit")
  public AuditList audit(
      @PathParam("org_id") UUID orgId,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Page<AuditView> page = identity.auditTrail(orgId, QueryParams.page(limit, cursor));
    return new AuditList(page.items(), page.nextCursor());
  }
}
