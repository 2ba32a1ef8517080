package dev.mainspring.identity.api;

import dev.mainspring.identity.service.IdentityService;
import dev.mainspring.identity.service.ProfileChange;
import dev.mainspring.identity.service.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The caller's own profile (document D's {@code /users/me}). */
@Path("users/me")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class UserResource {

  @Inject IdentityService identity;

  @GET
  public UserView me() {
    return identity.me();
  }

  @PATCH
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  public UserView update(@NotNull @Valid ProfileChange body) {
    return identity.updateMe(body);
  }
}
