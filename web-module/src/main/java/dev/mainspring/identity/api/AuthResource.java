package dev.mainspring.identity.api;

import dev.mainspring.identity.service.UserView;
import dev.mainspring.identity.service.auth.AuthService;
import dev.mainspring.identity.service.auth.Credentials;
import dev.mainspring.identity.service.auth.Registration;
import dev.mainspring.identity.service.token.RefreshRequest;
import dev.mainspring.identity.service.token.TokenPair;
import dev.mainspring.identity.service.token.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Password accounts and sessions: register, log in, refresh, log out, and the public keys. */
@Path("api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class AuthResource {

  @Inject AuthService auth;
  @Inject TokenService tokens;

  @POST
  @Path("register")
  public Response register(@NotNull @Valid Registration body) {
    UserView user = auth.register(body);
    return Response.status(Response.Status.CREATED).entity(user).build();
  }

  @POST
  @Path("login")
  public TokenPair login(@NotNull @Valid Credentials body) {
    return auth.login(body);
  }

  @POST
  @Path("refresh")
  public TokenPair refresh(@NotNull @Valid RefreshRequest body) {
    return auth.refresh(body);
  }

  @POST
  @Path("logout")
  public Response logout(@NotNull @Valid RefreshRequest body) {
    auth.logout(body);
    return Response.noContent().build();
  }

  /** The id of a newly made signing key. */
  public record RotatedKey(String kid) {}

  /**
   * Makes a new token signing key (superadmins). Tokens signed by the older keys keep working until
   * they expire; the JWKS lists every key.
   */
  @POST
  @Path("keys/rotate")
  public RotatedKey rotateSigningKey() {
    return new RotatedKey(auth.rotateSigningKey());
  }

  /** The public keys that verify Mainspring's access tokens (RFC 7517 JWK Set). */
  @GET
  @Path("jwks")
  public Response jwks() {
    return Response.ok(tokens.jwks(), MediaType.APPLICATION_JSON)
        .header("Cache-Control", "public, max-age=300")
        .build();
  }
}
